"""A load-generating SMTP client process: C connections sending a share of the set.

Run by `benchmarks.run`, one or more at a time, so the client side has its own CPU and
does not share an event loop with the orchestrator. The protocol on stdio: the driver
opens its connections (EHLO included), prints `ready`, waits for one line on stdin, sends
its messages over all connections at once (each connection takes the next unsent
message), and prints one JSON line with its start and end times (CLOCK_MONOTONIC, the
same clock in every process), one latency per message, and the count of each reply.

A message's latency runs from MAIL FROM to the final reply after DATA: what a mailer
waits for before it can call the message sent.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import pickle
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiosmtplib

Envelope = tuple[str, str, bytes]  # sender, recipient, message


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    replies: Counter[str] = field(default_factory=Counter)
    samples: dict[str, str] = field(default_factory=dict)

    def record(self, started: float, code: str, text: str) -> None:
        self.latencies.append(time.monotonic() - started)
        self.replies[code] += 1
        self.samples.setdefault(code, " ".join(text.split())[:200])


async def connect(port: int, timeout: float) -> aiosmtplib.SMTP:
    client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, timeout=timeout,
                             local_hostname="bench-driver.invalid", start_tls=False)
    await client.connect()
    await client.ehlo()
    return client


async def send_all(clients: list[aiosmtplib.SMTP], port: int, timeout: float,
                   queue: list[Envelope], tally: Tally) -> None:
    async def worker(client: aiosmtplib.SMTP) -> None:
        while queue:
            sender, recipient, data = queue.pop()
            started = time.monotonic()
            try:
                _, text = await client.sendmail(sender, [recipient], data)
                tally.record(started, "250", text)
            except aiosmtplib.SMTPResponseException as error:
                tally.record(started, str(error.code), error.message)
            except aiosmtplib.SMTPRecipientsRefused as error:
                refusal = error.recipients[0]
                tally.record(started, str(refusal.code), refusal.message)
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
                tally.record(started, "disconnected", f"{type(error).__name__}: {error}")
                client.close()
                client = await connect(port, timeout)
        await client.quit()

    await asyncio.gather(*(worker(client) for client in clients))


async def run(port: int, connections: int, timeout: float, queue: list[Envelope]) -> None:
    clients = await asyncio.gather(*(connect(port, timeout) for _ in range(connections)))
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.readline)
    tally = Tally()
    cpu_started, started = time.process_time(), time.monotonic()
    await send_all(list(clients), port, timeout, queue, tally)
    finished = time.monotonic()
    print(json.dumps({
        "started": started, "finished": finished,
        "cpu": time.process_time() - cpu_started,
        "latencies": tally.latencies, "replies": dict(tally.replies),
        "samples": tally.samples,
    }), flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--connections", type=int, required=True)
    parser.add_argument("--messages", type=Path, required=True,
                        help="pickled list of (sender, recipient, bytes)")
    parser.add_argument("--share", default="0/1",
                        help="I/N: send messages I, I+N, I+2N, … of the file")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds per SMTP command")
    args = parser.parse_args(argv)
    index, _, total = args.share.partition("/")
    envelopes: list[Envelope] = pickle.loads(args.messages.read_bytes())
    mine = envelopes[int(index)::int(total)]
    mine.reverse()  # workers pop from the end: send in the set's order
    asyncio.run(run(args.port, args.connections, args.timeout, mine))


if __name__ == "__main__":
    main()
