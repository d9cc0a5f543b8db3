/** Worker pools made by a test file, all disposed after it. */
import { after } from 'node:test';
import { TypeCheckPool } from '../../../server/src/workers/typecheckPool';

const pools: TypeCheckPool[] = [];
after(() => Promise.all(pools.map((p) => p.dispose())));

export const pool = (...args: ConstructorParameters<typeof TypeCheckPool>): TypeCheckPool => {
  const p = new TypeCheckPool(...args);
  pools.push(p);
  return p;
};
