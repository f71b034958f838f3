'use strict';
// Calls Botgrid from Node.js with @grpc/grpc-js, loading proto/botgrid/v1/*.proto at run time: no generated code.
// See docs/clients.md. Usage:
//   npm ci && node client.js [host:port] [counter-key]
// Environment: BOTGRID_TOKEN (an API key or JWT, sent as `authorization: Bearer ...` when set),
// BOTGRID_PROTO_DIR (the folder holding botgrid/v1/*.proto; default: this repository's proto/).
// Exits 0 when every step behaved as documented, 1 otherwise.

const path = require('node:path');
const crypto = require('node:crypto');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

const PROTO_DIR = process.env.BOTGRID_PROTO_DIR || path.resolve(__dirname, '..', '..', '..', 'proto');
const ADDRESS = process.argv[2] || '127.0.0.1:7070';
const COUNTER_KEY = process.argv[3] || 'node-example-' + crypto.randomUUID();

// The services. keepCase keeps the .proto field names (actor_type, not actorType); int64 arrive as strings.
const definition = protoLoader.loadSync(['botgrid/v1/actors.proto', 'botgrid/v1/bots.proto'], {
  includeDirs: [PROTO_DIR],
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});
const v1 = grpc.loadPackageDefinition(definition).botgrid.v1;

// The messages carried inside google.protobuf.Any: the counter takes a StringValue and answers an Int64Value.
// protobufjs knows Google's well-known types without any file on disk.
const wellKnown = new protobuf.Root().loadSync('google/protobuf/wrappers.proto');
const StringValue = wellKnown.lookupType('google.protobuf.StringValue');
const Int64Value = wellKnown.lookupType('google.protobuf.Int64Value');

/** Packs a message into Any: the type URL names the message, the value is its encoded bytes. */
function pack(type, fields) {
  return { type_url: 'type.googleapis.com/' + type.fullName.replace(/^\./, ''), value: type.encode(type.create(fields)).finish() };
}

/** Unpacks Any. A reply of default values (a total of 0) arrives as empty bytes: that decodes to the default message. */
function unpack(any, type) {
  const expected = 'type.googleapis.com/' + type.fullName.replace(/^\./, '');
  if (any.type_url !== expected) {
    throw new Error('expected ' + expected + ', got ' + any.type_url);
  }
  return type.toObject(type.decode(any.value), { longs: String, defaults: true });
}

function metadata() {
  const md = new grpc.Metadata();
  if (process.env.BOTGRID_TOKEN) {
    md.set('authorization', 'Bearer ' + process.env.BOTGRID_TOKEN);
  }
  return md;
}

function deadline(seconds = 10) {
  return new Date(Date.now() + seconds * 1000);
}

const actors = new v1.ActorService(ADDRESS, grpc.credentials.createInsecure());
const conversations = new v1.ConversationService(ADDRESS, grpc.credentials.createInsecure());

/** One counter call: a StringValue command, an Int64Value reply. */
function counter(command, { key = COUNTER_KEY, type = 'counter', idempotencyKey = '' } = {}) {
  return new Promise((resolve, reject) => {
    actors.Call({ actor_type: type, actor_key: key, command: pack(StringValue, { value: command }),
      idempotency_key: idempotencyKey }, metadata(), { deadline: deadline() }, (err, response) => {
      if (err) {
        reject(err);
      } else {
        resolve({ total: unpack(response.reply, Int64Value).value, bytes: response.reply.value.length });
      }
    });
  });
}

/**
 * Follows the counter's events from fromSeq and resolves with the first `count` of them, then cancels the stream
 * (FollowEvents never ends by itself). onEvent runs for each event, e.g. to make the next one happen.
 */
function follow(fromSeq, count, onEvent = async () => {}) {
  return new Promise((resolve, reject) => {
    const events = [];
    const stream = actors.FollowEvents({ actor_type: 'counter', actor_key: COUNTER_KEY, from_seq: fromSeq },
      metadata(), { deadline: deadline(30) });
    stream.on('data', (event) => {
      const delta = unpack(event.event, Int64Value).value;
      events.push({ seq: Number(event.seq), delta });
      console.log(`event seq=${event.seq} delta=${delta}`);
      if (events.length === count) {
        stream.cancel();
        resolve(events);
      } else {
        onEvent(events[events.length - 1]).catch((e) => { stream.cancel(); reject(e); });
      }
    });
    stream.on('error', (err) => {
      if (err.code !== grpc.status.CANCELLED) {
        reject(err);
      }
    });
  });
}

/** An expected failure: its status code's name and the server's message. */
async function expectStatus(name, call) {
  try {
    await call();
  } catch (err) {
    const got = grpc.status[err.code];
    console.log(`error: ${got}: ${err.details}`);
    if (got !== name) {
      throw new Error(`expected ${name}, got ${got}`);
    }
    return;
  }
  throw new Error(`expected ${name}, but the call succeeded`);
}

function check(what, actual, expected) {
  if (String(actual) !== String(expected)) {
    throw new Error(`${what}: expected ${expected}, got ${actual}`);
  }
}

async function main() {
  console.log(`counter ${COUNTER_KEY} on ${ADDRESS}`);

  let r = await counter('add:5', { idempotencyKey: COUNTER_KEY + '-1' });
  console.log(`add:5 -> ${r.total}`);
  check('add:5', r.total, 5);

  // A retry with the same idempotency key (say, after a timeout) returns the first reply and adds nothing.
  r = await counter('add:5', { idempotencyKey: COUNTER_KEY + '-1' });
  console.log(`add:5 again, same idempotency key -> ${r.total}`);
  check('retried add:5', r.total, 5);

  // Follow the events from the first: seq 1 is read from the journal, seq 2 arrives live.
  const first = await follow(1, 2, async () => {
    const added = await counter('add:7', { idempotencyKey: COUNTER_KEY + '-2' });
    console.log(`add:7 -> ${added.total}`);
  });
  check('followed events', JSON.stringify(first), JSON.stringify([{ seq: 1, delta: '5' }, { seq: 2, delta: '7' }]));

  // Disconnected, an event happens; resuming from the last seen seq + 1 misses nothing and repeats nothing.
  r = await counter('add:1', { idempotencyKey: COUNTER_KEY + '-3' });
  console.log(`add:1 -> ${r.total}`);
  const lastSeen = first[first.length - 1].seq;
  console.log(`resume from seq ${lastSeen + 1}`);
  const resumed = await follow(lastSeen + 1, 1);
  check('resumed events', JSON.stringify(resumed), JSON.stringify([{ seq: 3, delta: '1' }]));

  r = await counter('get');
  console.log(`get -> ${r.total}`);
  check('get', r.total, 13);

  // A new counter's total is 0, a message of default values: Any.value is empty and decodes to 0.
  r = await counter('get', { key: COUNTER_KEY + '-new' });
  console.log(`get on a new counter -> ${r.total} (${r.bytes} bytes)`);
  check('new counter', `${r.total}/${r.bytes}`, '0/0');

  await expectStatus('FAILED_PRECONDITION', () => counter('add:lots'));
  await expectStatus('NOT_FOUND', () => counter('get', { type: 'no-such-type' }));
  await expectStatus('INVALID_ARGUMENT', () => counter('get', { key: ' ' }));

  // The sample bot (present on a node started by `bin/botgrid node start`).
  const reply = await new Promise((resolve, reject) => {
    conversations.SendMessage({ bot_id: 'sample', conversation: COUNTER_KEY, user_id: 'node-example',
      text: 'my name is Ada', message_id: COUNTER_KEY + '-m1' }, metadata(), { deadline: deadline() },
    (err, response) => (err ? reject(err) : resolve(response)));
  });
  const texts = reply.replies.map((x) => x.text);
  console.log(`sample bot -> ${JSON.stringify(texts)} (state ${reply.state})`);
  check('sample bot state', reply.state, 'introduced');

  console.log('done');
}

main().then(() => {
  actors.close();
  conversations.close();
}, (err) => {
  const code = err.code !== undefined ? ` (${grpc.status[err.code]})` : '';
  console.error(`FAILED${code}: ${err.details || err.message}`);
  actors.close();
  conversations.close();
  process.exitCode = 1;
});
