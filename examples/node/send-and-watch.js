// Sends one text message through WaGrpc, then follows the event stream until that message shows up.
// Configured by environment variables (README.md); the protos are loaded at run time.
// Exit codes: 0 seen, 1 the gateway refused a call, 2 bad configuration, 3 not seen within the limits.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

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

// Prints the chat's events; resolves true when one belongs to messageId, false at a limit.
function waitFor(events, metadata, settings, messageId) {
  const request = { afterCursor: settings.afterCursor, chatId: `${settings.phone}@c.us`, kinds: ['EVENT_KIND_MESSAGE', 'EVENT_KIND_ACK'] };
  const deadline = new Date(Date.now() + settings.timeoutSeconds * 1000);
  return new Promise((resolve, reject) => {
    const call = events.streamEvents(request, metadata, { deadline });
    let count = 0;
    let done = false;
    const finish = (seen, problem) => {
      if (done) return;
      done = true;
      if (problem) console.error(`error: ${problem}`);
      call.cancel();
      resolve(seen);
    };
    call.on('data', (item) => {
      if (done) return;
      console.log(`event ${item.cursor}: ${describe(item)}`);
      if (item.message?.id === messageId || item.ack?.id === messageId) {
        // Keep the cursor: the next run can resume after it instead of replaying the chat.
        console.log(`seen: ${messageId} at cursor ${item.cursor}`);
        finish(true);
      } else if (++count >= settings.maxEvents) {
        finish(false, `${count} events (WAGRPC_MAX_EVENTS) without ${messageId}`);
      }
    });
    call.on('end', () => finish(false, `the event stream ended without ${messageId}`));
    call.on('error', (error) => {
      if (done) return;
      if (error.code === grpc.status.DEADLINE_EXCEEDED) {
        finish(false, `${messageId} was not in the event stream within ${settings.timeoutSeconds} s (WAGRPC_TIMEOUT_SECONDS); `
          + 'a message waits in the queue while the WhatsApp session is not authenticated');
      } else {
        done = true;
        reject(error);
      }
    });
  });
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
  try {
    const sent = await new Promise((resolve, reject) => {
      messaging.sendMessage({ phone: settings.phone, body: settings.text }, metadata, (error, answer) => (error ? reject(error) : resolve(answer)));
    });
    console.log(`queued: ${sent.id} (queue number ${sent.queueNumber})`);
    return (await waitFor(events, metadata, settings, sent.id)) ? 0 : 3;
  } catch (error) {
    if (error.code === undefined) throw error;
    console.error(explain(error, settings));
    return 1;
  } finally {
    messaging.close();
  }
}

process.exitCode = await main();
