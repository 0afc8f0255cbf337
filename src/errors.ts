// AppError carries a stable code; one table maps codes to HTTP statuses.

export const STATUS_BY_CODE = {
  bad_request: 400,
  invalid_json: 400,
  invalid_utf8: 400,
  too_deep: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  payload_mismatch: 422,
  validation_failed: 422,
  too_many_requests: 429,
  bad_gateway: 502,
  store_unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}
