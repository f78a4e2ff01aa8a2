#!/usr/bin/python3
"""Sends one text message through WaGrpc, follows the event stream until that message shows up,
closes the stream and reopens it from the last cursor it saw.

With WAGRPC_SANDBOX=1 it first links a sandbox gateway through the phone API, and while the stream
is closed a contact answers, which the resumed stream must bring. Configured by environment
variables (README.md). Run ./generate.sh first. Exit codes: 0 done, 1 the gateway refused a call,
2 bad configuration, 3 not seen within the limits.
"""

import os
import sys

import grpc
from google.protobuf import any_pb2, descriptor_pb2, descriptor_pool, message_factory

from sandbox_phone import RestError, SandboxPhone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.environ.get("WAGRPC_GENERATED") or os.path.join(HERE, "generated"))
try:
    from wagrpc.events.v1 import events_pb2, events_pb2_grpc
    from wagrpc.messaging.v1 import messaging_pb2, messaging_pb2_grpc
except ImportError as missing:
    print(f"error: the generated stubs are missing ({missing}); run {HERE}/generate.sh first", file=sys.stderr)
    sys.exit(2)


class Settings:
    """What the example reads from its environment variables."""

    def __init__(self, environ):
        problems = []

        def value(name, default=None):
            return environ.get(name) or default

        def number(name, default):
            text = value(name)
            if text is None:
                return default
            if not text.isdigit():
                problems.append(f"{name} '{text}' is not a whole number")
                return default
            return int(text)

        self.address = value("WAGRPC_ADDRESS", "http://127.0.0.1:5081")
        self.token = value("WAGRPC_TOKEN")
        self.phone = value("WAGRPC_PHONE")
        self.text = value("WAGRPC_TEXT", "Hello from the WaGrpc Python example")
        self.after_cursor = number("WAGRPC_AFTER_CURSOR", 0)
        self.max_events = number("WAGRPC_MAX_EVENTS", 1000)
        self.timeout = number("WAGRPC_TIMEOUT_SECONDS", 30)
        self.rest_address = value("WAGRPC_REST_ADDRESS", "http://127.0.0.1:5080")
        if "://" not in self.rest_address:
            self.rest_address = "http://" + self.rest_address
        self.sandbox = value("WAGRPC_SANDBOX") in ("1", "true")
        self.resume_seconds = number("WAGRPC_RESUME_SECONDS", 5)
        if not self.token:
            problems.append("set WAGRPC_TOKEN (the gateway's API token)")
        if not self.phone:
            problems.append("set WAGRPC_PHONE (digits, country code first, e.g. 17472822486)")
        self.problems = problems

    @property
    def chat_id(self):
        # A person's chat id is the phone with "@c.us".
        return f"{self.phone}@c.us"

    def channel(self):
        """A channel to the gateway: plaintext for http:// or host:port, TLS for https://."""
        target = self.address.removeprefix("https://").removeprefix("http://").rstrip("/")
        if self.address.startswith("https://"):
            return grpc.secure_channel(target, grpc.ssl_channel_credentials())
        return grpc.insecure_channel(target)


def describe(item):
    kind = item.WhichOneof("event")
    if kind == "message":
        m = item.message
        ack = f", ack {m.ack}" if m.HasField("ack") else ""
        return f"message {m.id} ({'outgoing' if m.from_me else 'incoming'}, {m.type}{ack})"
    if kind == "ack":
        return f"ack {item.ack.id} {item.ack.status}"
    if kind == "status":
        return f"status {item.status.account_status}"
    return "an event of a kind this client does not know"


class EventWatcher:
    """Follows StreamEvents for the message's chat; then reopens it from the last cursor seen."""

    def __init__(self, events, metadata, settings):
        self.events, self.metadata, self.settings = events, metadata, settings
        self.seen = set()
        self.last_cursor = settings.after_cursor

    def _open(self, after_cursor, timeout):
        request = events_pb2.StreamEventsRequest(
            after_cursor=after_cursor,
            chat_id=self.settings.chat_id,
            kinds=[events_pb2.EVENT_KIND_MESSAGE, events_pb2.EVENT_KIND_ACK],
        )
        return self.events.StreamEvents(request, metadata=self.metadata, timeout=timeout)

    def _read(self, item):
        print(f"event {item.cursor}: {describe(item)}", flush=True)
        self.seen.add(item.cursor)
        self.last_cursor = item.cursor

    def wait_for(self, message_id):
        """Prints the chat's events; True when one belongs to message_id, False at a limit."""
        settings = self.settings
        call = self._open(self.last_cursor, settings.timeout)
        count = 0
        try:
            for item in call:
                self._read(item)
                if message_id in (item.message.id, item.ack.id):
                    # Keep the cursor: the next run can resume after it instead of replaying the chat.
                    print(f"seen: {message_id} at cursor {item.cursor}", flush=True)
                    return True
                count += 1
                if count >= settings.max_events:
                    print(f"error: {count} events (WAGRPC_MAX_EVENTS) without {message_id}", file=sys.stderr)
                    return False
            print(f"error: the event stream ended without {message_id}", file=sys.stderr)
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.DEADLINE_EXCEEDED:
                raise
            print(f"error: {message_id} was not in the event stream within {settings.timeout} s "
                  "(WAGRPC_TIMEOUT_SECONDS); a message waits in the queue while the WhatsApp session "
                  "is not authenticated", file=sys.stderr)
        finally:
            call.cancel()
        return False

    def resume(self, expected_id):
        """Reopens the stream after last_cursor (what happened meanwhile is replayed from the
        gateway's log) and checks that no event already read comes again. With expected_id: True
        when that message arrives; without: True when all events were new for WAGRPC_RESUME_SECONDS."""
        start = self.last_cursor
        window = self.settings.timeout if expected_id else self.settings.resume_seconds
        call = self._open(start, window)
        count = 0
        try:
            for item in call:
                if item.cursor <= start or item.cursor in self.seen:
                    print(f"error: the stream resumed from cursor {start} repeated cursor {item.cursor}", file=sys.stderr)
                    return False
                self._read(item)
                count += 1
                if expected_id and item.message.id == expected_id:
                    print(f"resumed from cursor {start}: {count} new events, {expected_id} at cursor {item.cursor}, "
                          "none repeated", flush=True)
                    return True
                if count >= self.settings.max_events:
                    print(f"error: {count} events (WAGRPC_MAX_EVENTS) after cursor {start}", file=sys.stderr)
                    return False
            print(f"error: the stream resumed from cursor {start} ended", file=sys.stderr)
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.DEADLINE_EXCEEDED:
                raise
            if not expected_id:
                print(f"resumed from cursor {start}: {count} new events in {window} s, none repeated", flush=True)
                return True
            print(f"error: {expected_id} was not in the stream resumed from cursor {start} within {window} s "
                  "(WAGRPC_TIMEOUT_SECONDS)", file=sys.stderr)
        finally:
            call.cancel()
        return False


def _bad_request_types():
    """google.rpc.Status and google.rpc.BadRequest, declared here rather than generated."""
    field = descriptor_pb2.FieldDescriptorProto
    one, many = field.LABEL_OPTIONAL, field.LABEL_REPEATED
    file = descriptor_pb2.FileDescriptorProto(
        name="send_and_watch/google_rpc.proto", package="google.rpc", syntax="proto3",
        dependency=["google/protobuf/any.proto"])
    status = file.message_type.add(name="Status")
    status.field.add(name="code", number=1, type=field.TYPE_INT32, label=one)
    status.field.add(name="message", number=2, type=field.TYPE_STRING, label=one)
    status.field.add(name="details", number=3, type=field.TYPE_MESSAGE, label=many,
                     type_name=".google.protobuf.Any")
    bad_request = file.message_type.add(name="BadRequest")
    violation = bad_request.nested_type.add(name="FieldViolation")
    violation.field.add(name="field", number=1, type=field.TYPE_STRING, label=one)
    violation.field.add(name="description", number=2, type=field.TYPE_STRING, label=one)
    bad_request.field.add(name="field_violations", number=1, type=field.TYPE_MESSAGE, label=many,
                          type_name=".google.rpc.BadRequest.FieldViolation")

    pool = descriptor_pool.DescriptorPool()
    pool.AddSerializedFile(any_pb2.DESCRIPTOR.serialized_pb)
    pool.Add(file)
    factory = message_factory.MessageFactory(pool)
    return tuple(factory.GetPrototype(pool.FindMessageTypeByName(f"google.rpc.{name}"))
                 for name in ("Status", "BadRequest"))


def field_violations(error):
    """The google.rpc.BadRequest field violations the gateway puts in an INVALID_ARGUMENT's details."""
    details = dict(error.trailing_metadata() or ()).get("grpc-status-details-bin")
    if not details:
        return []
    status_type, bad_request_type = _bad_request_types()
    violations = []
    for detail in status_type.FromString(details).details:
        if detail.type_url.endswith("/google.rpc.BadRequest"):
            violations.extend(bad_request_type.FromString(detail.value).field_violations)
    return violations


def explain(error, settings):
    code = error.code()
    text = f"error: {code.name}: {error.details()}"
    if code == grpc.StatusCode.UNAUTHENTICATED:
        text += " (check WAGRPC_TOKEN: the gateway's WaGrpc:Token)"
    elif code == grpc.StatusCode.UNAVAILABLE:
        text += f" (is the gateway's gRPC endpoint at {settings.address}?)"
    elif code == grpc.StatusCode.INVALID_ARGUMENT:
        for violation in field_violations(error):
            text += f"\n  field {violation.field}: {violation.description}"
    return text


def main():
    settings = Settings(os.environ)
    if settings.problems:
        for problem in settings.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2

    metadata = [("authorization", f"Bearer {settings.token}")]
    phone = SandboxPhone(settings.rest_address, settings.token, settings.timeout) if settings.sandbox else None
    with settings.channel() as channel:
        try:
            if phone and not phone.ensure_linked():
                return 3
            messaging = messaging_pb2_grpc.MessagingServiceStub(channel)
            sent = messaging.SendMessage(
                messaging_pb2.SendMessageRequest(phone=settings.phone, body=settings.text), metadata=metadata)
            print(f"queued: {sent.id} (queue number {sent.queue_number})", flush=True)
            watcher = EventWatcher(events_pb2_grpc.EventsServiceStub(channel), metadata, settings)
            if not watcher.wait_for(sent.id):
                return 3
            # The stream is closed now; what happens meanwhile waits in the gateway's log, after the cursor.
            answer = None
            if phone:
                answer = phone.send_as_contact(settings.phone, f"Got it ({sent.id})")
                print(f"incoming: {answer} from {settings.phone}, sent while the stream was closed", flush=True)
            return 0 if watcher.resume(answer) else 3
        except grpc.RpcError as error:
            print(explain(error, settings), file=sys.stderr)
            return 1
        except RestError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1


if __name__ == "__main__":
    sys.exit(main())
