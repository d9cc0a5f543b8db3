/** The client's health check of the server, on a fake clock: when to ping, when to restart. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_HEALTH_POLICY, HealthCheck, type HealthAction } from '../../../client/src/health';

function setup() {
  let t = 1_000_000;
  const check = new HealthCheck({ quietMs: 10_000, deadlineMs: 10_000, maxMisses: 3 }, () => t);
  const at = (ms: number): HealthAction['kind'] => { t = 1_000_000 + ms; return check.next().kind; };
  return { check, at };
}

test('a talking server is never pinged', () => {
  const { check, at } = setup();
  for (let ms = 0; ms <= 60_000; ms += 1_000) {
    assert.equal(at(ms), 'wait', `at ${ms}`);
    if (ms % 9_000 === 0) check.heard();
  }
});

test('a silent server is pinged after the quiet time, and an answer resets everything', () => {
  const { check, at } = setup();
  assert.equal(at(9_999), 'wait');
  assert.equal(at(10_000), 'ping');
  assert.equal(at(15_000), 'wait', 'one ping at a time');
  check.heard(); // the answer
  assert.equal(at(19_999), 'wait');
  assert.equal(at(25_000), 'ping', 'pinged again only after another quiet time');
});

test('a deaf server: three unanswered pings, then one restart after 40 s of silence', () => {
  const { at } = setup();
  const actions: string[] = [];
  for (let ms = 0; ms <= 45_000; ms += 500) {
    const kind = at(ms);
    if (kind !== 'wait') actions.push(`${ms}:${kind}`);
  }
  assert.deepEqual(actions, ['10000:ping', '20000:ping', '30000:ping', '40000:restart']);
});

test('the restart action says how long the server was silent and how many pings it missed', () => {
  let t = 0;
  const check = new HealthCheck({ quietMs: 10, deadlineMs: 20, maxMisses: 2 }, () => t);
  const seen: HealthAction[] = [];
  for (t = 0; t <= 60; t += 5) seen.push(check.next());
  const restart = seen.find((a) => a.kind === 'restart');
  assert.deepEqual(restart, { kind: 'restart', silentMs: 50, misses: 2 });
  assert.equal(seen.filter((a) => a.kind === 'restart').length, 1, 'then a fresh start for the new server');
});

test('a late answer (after a miss) still counts: the miss count starts again', () => {
  const { check, at } = setup();
  assert.equal(at(10_000), 'ping');
  assert.equal(at(20_000), 'ping'); // one miss
  assert.equal(at(30_000), 'ping'); // two misses
  check.heard(); // the first ping's answer, late
  assert.equal(at(39_999), 'wait');
  assert.equal(at(40_000), 'ping');
  assert.equal(at(50_000), 'ping');
  assert.equal(at(60_000), 'ping');
  assert.equal(at(70_000), 'restart');
});

test('the tick is a fifth of the shortest wait, never below 100 ms', () => {
  assert.equal(new HealthCheck(DEFAULT_HEALTH_POLICY).tickMs, 2_000);
  assert.equal(new HealthCheck({ quietMs: 10, deadlineMs: 10, maxMisses: 1 }).tickMs, 100);
});
