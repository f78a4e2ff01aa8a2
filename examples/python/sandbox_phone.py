"""The sandbox's simulated phone, through its REST API on the gateway's REST endpoint (docs/sandbox.md).

Links the gateway by "scanning" its QR code, and sends it messages as a contact. Only for a gateway
in sandbox mode; against real WhatsApp you scan /qr_code with your phone. Standard library only.
"""

import json
import sys
import time
import urllib.error
import urllib.request

POLL_SECONDS = 0.25


class RestError(Exception):
    """A REST call the gateway refused, or could not be made."""


class SandboxPhone:
    def __init__(self, rest_address, token, timeout):
        self.base = rest_address.rstrip("/")
        self.token = token
        self.timeout = timeout

    def ensure_linked(self):
        """Links the gateway unless /status says authenticated: the QR text from /sandbox/api/state
        goes to /sandbox/api/link, then /status must turn authenticated. False at the timeout."""
        if self._account_status() == "authenticated":
            print("linked: already (status authenticated)", flush=True)
            return True

        deadline = time.monotonic() + self.timeout
        phone = None
        while time.monotonic() < deadline:
            state = self._call("GET", "/sandbox/api/state")
            if phone is None and not state.get("linked") and state.get("qr"):
                try:
                    phone = self._call("POST", "/sandbox/api/link", {"qr": state["qr"]})["phone"]
                except RestError:
                    pass  # a 400: the code went stale in between; the next round reads the new one
            if self._account_status() == "authenticated":
                print(f"linked: the sandbox phone {phone or state.get('phone')} scanned the QR code", flush=True)
                return True
            # A client may poll: the page needs a moment to show its QR code and to sync after the scan.
            time.sleep(POLL_SECONDS)

        print(f"error: the gateway was not authenticated within {self.timeout} s (WAGRPC_TIMEOUT_SECONDS); "
              "is it in sandbox mode (WaGrpc:Sandbox=true)?", file=sys.stderr)
        return False

    def send_as_contact(self, sender, body):
        """A contact (sender) sends the account a text; returns the id the gateway will see."""
        return self._call("POST", "/sandbox/api/messages", {"from": sender, "body": body})["id"]

    def _account_status(self):
        return self._call("GET", "/status").get("accountStatus")

    def _call(self, method, path, body=None):
        request = urllib.request.Request(
            self.base + path, method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"authorization": f"Bearer {self.token}", "content-type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            hint = {401: " (check WAGRPC_TOKEN: the gateway's WaGrpc:Token)",
                    404: " (is the gateway in sandbox mode, WaGrpc:Sandbox=true?)"}.get(error.code, "")
            raise RestError(f"{method} {path} answered {error.code}: {error.read().decode(errors='replace')}{hint}") from None
        except urllib.error.URLError as error:
            raise RestError(f"{method} {path}: {error.reason} (is the gateway's REST endpoint at {self.base}? "
                            "WAGRPC_REST_ADDRESS)") from None
