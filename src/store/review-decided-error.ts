// A review item that is no longer open: decided by a reviewer, or closed by a later exact opt-out.
export class ReviewDecidedError extends Error {
  override name = 'ReviewDecidedError';

  constructor(id: string, how: string) {
    super(`review item ${id} is already resolved (${how})`);
  }
}
