"""A TCP forwarder between Koers and PostgreSQL that a test can pause, cut and bring back.

``stop()`` is the database going away: the port stops accepting and every open connection is cut, also one
in the middle of a query. ``start()`` brings it back on the same port, so the server's ``DATABASE_URL``
stays valid. ``pause()`` holds every byte in both directions (a query that hangs) until ``resume()`` or
``stop()``; ``held`` is set once a byte is being held, so a test knows a request is waiting on the database.
"""

import contextlib
import socket
import threading

CHUNK = 65536
ACCEPT_POLL = 0.05  # seconds between checks whether the listener should stop


class Proxy:
    def __init__(self, target: tuple[str, int], host: str = "127.0.0.1"):
        self.target = target
        self.host = host
        self.port = 0  # chosen by the kernel at the first start, then kept
        self._listener: socket.socket | None = None
        self._accepting: threading.Thread | None = None
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._flowing = threading.Event()
        self._flowing.set()
        self._running = False
        self.held = threading.Event()
        self.connections = 0  # accepted since the proxy was made

    # Control ------------------------------------------------------------------------------------------

    def start(self) -> "Proxy":
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        # The port comes back at once although the cut connections still linger in TIME_WAIT.
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.listen(64)
        listener.settimeout(ACCEPT_POLL)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._running = True
        self._flowing.set()
        self.held.clear()
        self._accepting = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._accepting.start()
        return self

    def stop(self) -> None:
        """Refuse new connections and cut every open one."""
        self._running = False
        if self._accepting is not None:
            self._accepting.join()
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            sockets, self._sockets = list(self._sockets), set()
            threads, self._threads = self._threads, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self._flowing.set()  # a pump holding bytes wakes up, sees the cut and ends
        for thread in threads:
            thread.join(timeout=5)

    def pause(self) -> None:
        self.held.clear()
        self._flowing.clear()

    def resume(self) -> None:
        self._flowing.set()

    @property
    def url_host(self) -> str:
        return f"{self.host}:{self.port}"

    # Forwarding ---------------------------------------------------------------------------------------

    def _accept(self, listener: socket.socket) -> None:
        while self._running:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            client.settimeout(None)
            with self._lock:
                self.connections += 1
                self._sockets |= {client, upstream}
                pumps = [
                    threading.Thread(target=self._pump, args=(client, upstream), daemon=True),
                    threading.Thread(target=self._pump, args=(upstream, client), daemon=True),
                ]
                self._threads += pumps
            for pump in pumps:
                pump.start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while True:
                data = source.recv(CHUNK)
                if not data:
                    break
                if not self._flowing.is_set():
                    self.held.set()
                    self._flowing.wait()
                if source.fileno() == -1 or sink.fileno() == -1:
                    break  # cut while the bytes were held: they never arrive
                sink.sendall(data)
        except OSError:
            pass
        finally:
            # One side closed: the connection ends for both ends. Each pump closes the socket it reads;
            # the shutdown wakes the other pump, which then closes its own.
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            with self._lock:
                self._sockets.discard(source)
            source.close()
