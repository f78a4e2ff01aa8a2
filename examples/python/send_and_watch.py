#!/usr/bin/python3
"""Sends one text message through WaGrpc, then follows the event stream until that message shows up.

Configured by environment variables (README.md). Run ./generate.sh first. Exit codes: 0 seen,
1 the gateway refused a call, 2 bad configuration, 3 not seen within the limits.
"""

import os
import sys

import grpc
from google.protobuf import any_pb2, descriptor_pb2, descriptor_pool, message_factory

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


def wait_for(events, metadata, settings, message_id):
    """Prints the chat's events; True when one belongs to message_id, False at a limit."""
    request = events_pb2.StreamEventsRequest(
        after_cursor=settings.after_cursor,
        chat_id=settings.chat_id,
        kinds=[events_pb2.EVENT_KIND_MESSAGE, events_pb2.EVENT_KIND_ACK],
    )
    call = events.StreamEvents(request, metadata=metadata, timeout=settings.timeout)
    count = 0
    try:
        for item in call:
            print(f"event {item.cursor}: {describe(item)}", flush=True)
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
    with settings.channel() as channel:
        try:
            messaging = messaging_pb2_grpc.MessagingServiceStub(channel)
            sent = messaging.SendMessage(
                messaging_pb2.SendMessageRequest(phone=settings.phone, body=settings.text), metadata=metadata)
            print(f"queued: {sent.id} (queue number {sent.queue_number})", flush=True)
            events = events_pb2_grpc.EventsServiceStub(channel)
            return 0 if wait_for(events, metadata, settings, sent.id) else 3
        except grpc.RpcError as error:
            print(explain(error, settings), file=sys.stderr)
            return 1


if __name__ == "__main__":
    sys.exit(main())
