// Which driver errors the MongoDB stores answer with 503 (retry later) rather than 500. An operation still running
// on a client that was just replaced (replaceable-client.ts) gets one of the "closed" errors: its sender must be
// told to retry, not that the service failed.
import { expect } from 'chai';
import {
  MongoClientClosedError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { mapMongoError } from '../../src/store/mongo/mongo-errors.ts';
import { StoreUnavailableError } from '../../src/store/store-unavailable-error.ts';

describe('MongoDB errors: what is unavailability', () => {
  const closed = [new MongoClientClosedError(), new MongoServerClosedError(), new MongoTopologyClosedError()];
  for (const error of closed) {
    it(`${error.name} from a replaced client is "store unavailable" (503)`, () => {
      const mapped = mapMongoError(error);
      expect(mapped).to.be.instanceOf(StoreUnavailableError);
      expect((mapped as Error).message).to.include(error.name);
    });
  }

  it('the socket\'s own EPIPE, which the driver lets through unwrapped, is "store unavailable"', () => {
    const error = Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' });
    expect(mapMongoError(error)).to.be.instanceOf(StoreUnavailableError);
  });

  it('an error of our own without a socket code is not', () => {
    const error = new TypeError('cannot read properties of undefined');
    expect(mapMongoError(error)).to.equal(error);
  });

  it('a failed server selection is "store unavailable"', () => {
    const error = new MongoServerSelectionError('no server', { type: 'Unknown' } as never);
    expect(mapMongoError(error)).to.be.instanceOf(StoreUnavailableError);
  });

  it('a duplicate key is not: it carries idempotency and goes back unchanged', () => {
    const error = new MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key' });
    expect(mapMongoError(error)).to.equal(error);
  });
});
