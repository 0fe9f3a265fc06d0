"""A fixed one-way delay for every packet that passes through a TUN device, for kernels
without sch_netem. tests/helpers/netns-delay.ts routes a namespace's traffic to and from
the machine through the device; this process holds each packet `delay_ms` and writes it
back, in order. It exits when its stdin closes (the test process went away) or on SIGTERM.

usage: delay-line.py <tun device> <delay ms>
"""
import collections
import fcntl
import os
import select
import signal
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
# A bound on what waits in the line: at 10 Mbit/s and 150 ms about 150 full packets wait;
# past this the line drops, as a router's full queue would.
MAX_QUEUED = 4096


def main() -> None:
    name, delay = sys.argv[1], float(sys.argv[2]) / 1000.0
    tun = os.open('/dev/net/tun', os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(tun, TUNSETIFF, struct.pack('16sH', name.encode(), IFF_TUN | IFF_NO_PI))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    queue: collections.deque = collections.deque()
    stdin = sys.stdin.fileno()
    print('ready', flush=True)
    while True:
        timeout = None
        if queue:
            timeout = max(0.0, queue[0][0] - time.monotonic())
        readable, _, _ = select.select([tun, stdin], [], [], timeout)
        if stdin in readable and not os.read(stdin, 4096):
            return
        if tun in readable:
            now = time.monotonic()
            while True:
                try:
                    packet = os.read(tun, 65536)
                except BlockingIOError:
                    break
                if len(queue) < MAX_QUEUED:
                    queue.append((now + delay, packet))
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            try:
                os.write(tun, queue.popleft()[1])
            except OSError:
                pass  # a packet the kernel refuses is a lost packet, not the end of the line


if __name__ == '__main__':
    main()
