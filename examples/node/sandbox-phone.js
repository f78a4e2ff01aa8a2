// The sandbox's simulated phone, through its REST API on the gateway's REST endpoint (docs/sandbox.md):
// links the gateway by "scanning" its QR code, and sends it messages as a contact. Only for a gateway
// in sandbox mode; against real WhatsApp you scan /qr_code with your phone. Node's own fetch only.
import { setTimeout as delay } from 'node:timers/promises';

const pollMs = 250;

// A REST call the gateway refused, or could not be made.
export class RestError extends Error {}

export class SandboxPhone {
  constructor(restAddress, token, timeoutSeconds) {
    this.base = restAddress.replace(/\/+$/, '');
    this.token = token;
    this.timeoutSeconds = timeoutSeconds;
  }

  // Links the gateway unless /status says authenticated: the QR text from /sandbox/api/state goes to
  // /sandbox/api/link, then /status must turn authenticated. Resolves false at the timeout.
  async ensureLinked() {
    if (await this.accountStatus() === 'authenticated') {
      console.log('linked: already (status authenticated)');
      return true;
    }

    const deadline = Date.now() + this.timeoutSeconds * 1000;
    let phone = null;
    while (Date.now() < deadline) {
      const state = await this.call('GET', '/sandbox/api/state');
      if (phone === null && !state.linked && state.qr) {
        try {
          ({ phone } = await this.call('POST', '/sandbox/api/link', { qr: state.qr }));
        } catch (error) {
          // A 400: the code went stale in between; the next round reads the new one.
          if (!(error instanceof RestError)) throw error;
        }
      }
      if (await this.accountStatus() === 'authenticated') {
        console.log(`linked: the sandbox phone ${phone ?? state.phone} scanned the QR code`);
        return true;
      }
      // A client may poll: the page needs a moment to show its QR code and to sync after the scan.
      await delay(pollMs);
    }

    console.error(`error: the gateway was not authenticated within ${this.timeoutSeconds} s (WAGRPC_TIMEOUT_SECONDS); `
      + 'is it in sandbox mode (WaGrpc:Sandbox=true)?');
    return false;
  }

  // A contact (from) sends the account a text; resolves the id the gateway will see.
  async sendAsContact(from, body) {
    return (await this.call('POST', '/sandbox/api/messages', { from, body })).id;
  }

  async accountStatus() {
    return (await this.call('GET', '/status')).accountStatus;
  }

  async call(method, path, body) {
    let response;
    try {
      response = await fetch(this.base + path, {
        method,
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new RestError(`${method} ${path}: ${error.cause?.code ?? error.cause?.message ?? error.message} (is the gateway's REST endpoint at ${this.base}? WAGRPC_REST_ADDRESS)`);
    }
    const text = await response.text();
    if (!response.ok) {
      const hint = { 401: " (check WAGRPC_TOKEN: the gateway's WaGrpc:Token)", 404: ' (is the gateway in sandbox mode, WaGrpc:Sandbox=true?)' }[response.status] ?? '';
      throw new RestError(`${method} ${path} answered ${response.status}: ${text}${hint}`);
    }
    return JSON.parse(text);
  }
}
