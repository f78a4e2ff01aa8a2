// Sends one text message through WaGrpc, follows the event stream until that message shows up,
// closes the stream and reopens it from the last cursor it saw. With WAGRPC_SANDBOX=1 it first links
// a sandbox gateway through the phone API, and while the stream is closed a contact answers, which
// the resumed stream must bring. Configured by environment variables (README.md); the protos are
// loaded at run time. Exit codes: 0 done, 1 the gateway refused a call, 2 bad configuration,
// 3 not seen within the limits.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import { RestError, SandboxPhone } from './sandbox-phone.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const protos = process.env.WAGRPC_PROTOS || path.join(here, '..', '..', 'protos');

function readSettings(env) {
  const problems = [];
  const value = (name, fallback) => env[name] || fallback;
  const number = (name, fallback) => {
    const text = value(name);
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text)) problems.push(`${name} '${text}' is not a whole number`);
    return Number(text);
  };
  const settings = {
    address: value('WAGRPC_ADDRESS', 'http://127.0.0.1:5081'),
    token: value('WAGRPC_TOKEN'),
    phone: value('WAGRPC_PHONE'),
    text: value('WAGRPC_TEXT', 'Hello from the WaGrpc Node.js example'),
    afterCursor: number('WAGRPC_AFTER_CURSOR', 0),
    maxEvents: number('WAGRPC_MAX_EVENTS', 1000),
    timeoutSeconds: number('WAGRPC_TIMEOUT_SECONDS', 30),
    restAddress: value('WAGRPC_REST_ADDRESS', 'http://127.0.0.1:5080').replace(/^(?![a-z]+:\/\/)/, 'http://'),
    sandbox: ['1', 'true'].includes(value('WAGRPC_SANDBOX')),
    resumeSeconds: number('WAGRPC_RESUME_SECONDS', 5),
  };
  if (!settings.token) problems.push("set WAGRPC_TOKEN (the gateway's API token)");
  if (!settings.phone) problems.push('set WAGRPC_PHONE (digits, country code first, e.g. 17472822486)');
  return { settings, problems };
}

// The services, from the .proto files (snake_case field names become camelCase).
function loadServices() {
  const definition = protoLoader.loadSync(
    ['wagrpc/messaging/v1/messaging.proto', 'wagrpc/events/v1/events.proto'],
    { includeDirs: [protos], defaults: true, oneofs: true, longs: String, enums: String },
  );
  const loaded = grpc.loadPackageDefinition(definition);
  return { MessagingService: loaded.wagrpc.messaging.v1.MessagingService, EventsService: loaded.wagrpc.events.v1.EventsService };
}

// Plaintext for http:// or host:port, TLS for https://.
function target(address) {
  const hostPort = address.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  return [hostPort, address.startsWith('https://') ? grpc.credentials.createSsl() : grpc.credentials.createInsecure()];
}

function describe(item) {
  switch (item.event) {
    case 'message': {
      const m = item.message;
      const ack = m.ack != null ? `, ack ${m.ack}` : '';
      return `message ${m.id} (${m.fromMe ? 'outgoing' : 'incoming'}, ${m.type}${ack})`;
    }
    case 'ack': return `ack ${item.ack.id} ${item.ack.status}`;
    case 'status': return `status ${item.status.accountStatus}`;
    default: return 'an event of a kind this client does not know';
  }
}

// Reads StreamEvents for the chat after a cursor, until onEvent answers true or false (the result),
// or the deadline passes (onDeadline's result); every event it reads is printed.
function follow(events, metadata, settings, afterCursor, seconds, onEvent, onDeadline) {
  const request = { afterCursor, chatId: `${settings.phone}@c.us`, kinds: ['EVENT_KIND_MESSAGE', 'EVENT_KIND_ACK'] };
  return new Promise((resolve, reject) => {
    const call = events.streamEvents(request, metadata, { deadline: new Date(Date.now() + seconds * 1000) });
    let done = false;
    const finish = (result, problem) => {
      if (done) return;
      done = true;
      if (problem) console.error(`error: ${problem}`);
      call.cancel();
      resolve(result);
    };
    call.on('data', (item) => {
      if (done) return;
      const result = onEvent(item);
      if (result !== undefined) finish(result);
    });
    call.on('end', () => finish(false, `the event stream after cursor ${afterCursor} ended`));
    call.on('error', (error) => {
      if (done) return;
      if (error.code === grpc.status.DEADLINE_EXCEEDED) {
        finish(onDeadline());
      } else {
        done = true;
        reject(error);
      }
    });
  });
}

// Follows the chat's events until the message shows up; then reopens the stream from the last cursor seen.
class EventWatcher {
  constructor(events, metadata, settings) {
    Object.assign(this, { events, metadata, settings });
    this.seen = new Set();
    this.lastCursor = settings.afterCursor;
  }

  read(item) {
    console.log(`event ${item.cursor}: ${describe(item)}`);
    this.seen.add(item.cursor);
    this.lastCursor = Number(item.cursor);
  }

  // Prints the chat's events; resolves true when one belongs to messageId, false at a limit.
  waitFor(messageId) {
    const { settings } = this;
    let count = 0;
    return follow(this.events, this.metadata, settings, this.lastCursor, settings.timeoutSeconds, (item) => {
      this.read(item);
      if (item.message?.id === messageId || item.ack?.id === messageId) {
        // Keep the cursor: the next run can resume after it instead of replaying the chat.
        console.log(`seen: ${messageId} at cursor ${item.cursor}`);
        return true;
      }
      if (++count >= settings.maxEvents) return fail(`${count} events (WAGRPC_MAX_EVENTS) without ${messageId}`);
      return undefined;
    }, () => fail(`${messageId} was not in the event stream within ${settings.timeoutSeconds} s (WAGRPC_TIMEOUT_SECONDS); `
      + 'a message waits in the queue while the WhatsApp session is not authenticated'));
  }

  // Reopens the stream after lastCursor (what happened meanwhile is replayed from the gateway's log) and
  // checks that no event already read comes again. With expectedId: true when that message arrives;
  // without: true when all events were new for WAGRPC_RESUME_SECONDS.
  resume(expectedId) {
    const { settings } = this;
    const start = this.lastCursor;
    const seconds = expectedId ? settings.timeoutSeconds : settings.resumeSeconds;
    let count = 0;
    return follow(this.events, this.metadata, settings, start, seconds, (item) => {
      if (Number(item.cursor) <= start || this.seen.has(item.cursor)) {
        return fail(`the stream resumed from cursor ${start} repeated cursor ${item.cursor}`);
      }
      this.read(item);
      count += 1;
      if (expectedId && item.message?.id === expectedId) {
        console.log(`resumed from cursor ${start}: ${count} new events, ${expectedId} at cursor ${item.cursor}, none repeated`);
        return true;
      }
      if (count >= settings.maxEvents) return fail(`${count} events (WAGRPC_MAX_EVENTS) after cursor ${start}`);
      return undefined;
    }, () => {
      if (expectedId) return fail(`${expectedId} was not in the stream resumed from cursor ${start} within ${seconds} s (WAGRPC_TIMEOUT_SECONDS)`);
      console.log(`resumed from cursor ${start}: ${count} new events in ${seconds} s, none repeated`);
      return true;
    });
  }
}

function fail(problem) {
  console.error(`error: ${problem}`);
  return false;
}

// google.rpc.Status and google.rpc.BadRequest, declared here rather than loaded from googleapis
// (a detail is a google.protobuf.Any: type_url and value).
const rpcTypes = protobuf.Root.fromJSON({
  nested: {
    Any: { fields: { typeUrl: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
    Status: { fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 }, details: { rule: 'repeated', type: 'Any', id: 3 } } },
    BadRequest: {
      fields: { fieldViolations: { rule: 'repeated', type: 'FieldViolation', id: 1 } },
      nested: { FieldViolation: { fields: { field: { type: 'string', id: 1 }, description: { type: 'string', id: 2 } } } },
    },
  },
});

// The google.rpc.BadRequest field violations the gateway puts in an INVALID_ARGUMENT's details.
function fieldViolations(error) {
  const [details] = error.metadata?.get('grpc-status-details-bin') ?? [];
  if (!details) return [];
  const status = rpcTypes.lookupType('Status').decode(details);
  return status.details
    .filter((detail) => detail.typeUrl.endsWith('/google.rpc.BadRequest'))
    .flatMap((detail) => rpcTypes.lookupType('BadRequest').decode(detail.value).fieldViolations);
}

function explain(error, settings) {
  let text = `error: ${grpc.status[error.code]}: ${error.details}`;
  if (error.code === grpc.status.UNAUTHENTICATED) {
    text += " (check WAGRPC_TOKEN: the gateway's WaGrpc:Token)";
  } else if (error.code === grpc.status.UNAVAILABLE) {
    text += ` (is the gateway's gRPC endpoint at ${settings.address}?)`;
  } else if (error.code === grpc.status.INVALID_ARGUMENT) {
    for (const violation of fieldViolations(error)) text += `\n  field ${violation.field}: ${violation.description}`;
  }
  return text;
}

async function main() {
  const { settings, problems } = readSettings(process.env);
  if (problems.length > 0) {
    for (const problem of problems) console.error(`error: ${problem}`);
    return 2;
  }

  const { MessagingService, EventsService } = loadServices();
  const [address, credentials] = target(settings.address);
  const messaging = new MessagingService(address, credentials);
  const events = new EventsService(address, credentials, { channelOverride: messaging.getChannel() });
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${settings.token}`);
  const phone = settings.sandbox ? new SandboxPhone(settings.restAddress, settings.token, settings.timeoutSeconds) : null;
  try {
    if (phone && !(await phone.ensureLinked())) return 3;
    const sent = await new Promise((resolve, reject) => {
      messaging.sendMessage({ phone: settings.phone, body: settings.text }, metadata, (error, answer) => (error ? reject(error) : resolve(answer)));
    });
    console.log(`queued: ${sent.id} (queue number ${sent.queueNumber})`);
    const watcher = new EventWatcher(events, metadata, settings);
    if (!(await watcher.waitFor(sent.id))) return 3;
    // The stream is closed now; what happens meanwhile waits in the gateway's log, after the cursor.
    let answer = null;
    if (phone) {
      answer = await phone.sendAsContact(settings.phone, `Got it (${sent.id})`);
      console.log(`incoming: ${answer} from ${settings.phone}, sent while the stream was closed`);
    }
    return (await watcher.resume(answer)) ? 0 : 3;
  } catch (error) {
    if (error instanceof RestError) {
      console.error(`error: ${error.message}`);
      return 1;
    }
    if (error.code === undefined) throw error;
    console.error(explain(error, settings));
    return 1;
  } finally {
    messaging.close();
  }
}

process.exitCode = await main();
