import net from "node:net";
import type { AddressInfo } from "node:net";

export interface JitterProxy {
  /** `url` with its host and port changed to the proxy's. */
  via(url: string): string;
  close(): Promise<void>;
}

export interface Jitter {
  /** Every chunk waits a random 0..this many ms. */
  delayMs: number;
  /** Now and then (`stallRate` of the chunks) one waits this long instead, as after a lost packet or a pause. */
  stallMs: number;
  stallRate: number;
}

/**
 * A TCP proxy that holds every chunk, each way, a little and now and then a lot (order kept), as a
 * network between an application and its database does: a transaction's statements and its commit
 * reach the server late and unevenly, so concurrent transactions commit in a shuffled order.
 */
export async function startJitterProxy(target: { host: string; port: number }, jitter: Jitter): Promise<JitterProxy> {
  const sockets = new Set<net.Socket>();
  const pipe = (from: net.Socket, to: net.Socket) => {
    let due = 0;
    from.on("data", (chunk) => {
      const wait = Math.random() < jitter.stallRate ? jitter.stallMs : Math.random() * jitter.delayMs;
      due = Math.max(due, Date.now() + wait);
      setTimeout(() => to.write(chunk), due - Date.now());
    });
    from.on("end", () => setTimeout(() => to.end(), Math.max(0, due - Date.now())));
    from.on("error", () => to.destroy());
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    }
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    via(url) {
      const proxied = new URL(url);
      proxied.hostname = "127.0.0.1";
      proxied.port = String(port);
      return proxied.toString();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
