"""A private Postfix instance for tests: Debian's `postfix` package, its own config, queue
and log in a temporary folder, relaying everything to one host (the gateway under test).

Nothing listens: the `smtp inet` service is off in its master.cf, so mail enters only
through `sendmail -C DIR` (pickup) and leaves through the smtp client to `relayhost`.
Postfix's commands print errors only to a terminal or to `maillog_file`, so failures
here carry the tail of that log.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

POSTFIX = "/usr/sbin/postfix"
DEFAULT_CONFIG = Path("/etc/postfix")
# Held while this instance's folder is added to / removed from the default main.cf's
# alternate_config_directories, so two test runs never lose each other's entry.
REGISTRY_LOCK = DEFAULT_CONFIG / ".vigile-tests.lock"


def postfix_installed() -> bool:
    return Path(POSTFIX).exists() and (DEFAULT_CONFIG / "master.cf").exists()


def wait_for(condition: Callable[[], object], timeout: float, what: str,
             explain: Callable[[], str] = lambda: "") -> None:
    """Poll `condition` until it is true; AssertionError naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}"
                                 f"\n{explain()}")
        time.sleep(0.2)


class PostfixInstance:
    """`postfix -c DIR`, relaying to `[127.0.0.1]:relay_port` with STARTTLS and AUTH,
    as the README tells a seller to configure their Postfix in front of Vigile."""

    def __init__(self, relay_port: int, ca_file: Path, user: str, password: str) -> None:
        # Not under pytest's tmp_path: that is 0700, and Postfix's daemons run as `postfix`.
        self.dir = Path(tempfile.mkdtemp(prefix="vigile-postfix-"))
        self.dir.chmod(0o755)
        self.relay_port = relay_port
        self.ca_file = ca_file
        self.user, self.password = user, password
        self.master_pid: int | None = None
        self.registered = False

    @property
    def maillog(self) -> Path:
        return self.dir / "maillog"

    def log_text(self) -> str:
        try:
            return self.maillog.read_text(errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 40) -> str:
        return "postfix maillog:\n" + "\n".join(self.log_text().splitlines()[-lines:])

    def start(self) -> PostfixInstance:
        directory, relay = self.dir, f"[127.0.0.1]:{self.relay_port}"
        (directory / "data").mkdir()
        shutil.chown(directory / "data", "postfix")
        (directory / "queue").mkdir()
        ca = directory / "ca.pem"
        shutil.copyfile(self.ca_file, ca)
        passwords = directory / "vigile_passwd"
        passwords.write_text(f"{relay} {self.user}:{self.password}\n")
        passwords.chmod(0o600)
        shutil.copyfile(DEFAULT_CONFIG / "master.cf", directory / "master.cf")
        (directory / "main.cf").write_text(f"""\
compatibility_level = 3.6
queue_directory = {directory}/queue
data_directory = {directory}/data
mail_owner = postfix
setgid_group = postdrop
maillog_file = {self.maillog}
maillog_file_prefixes = {directory}
myhostname = postfix.test
mydomain = test
myorigin = $myhostname
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
smtp_dns_support_level = disabled
relayhost = {relay}
smtp_sasl_auth_enable = yes
smtp_sasl_password_maps = texthash:{passwords}
smtp_sasl_security_options = noanonymous
smtp_tls_security_level = encrypt
smtp_tls_CAfile = {ca}
smtp_tls_loglevel = 1
# Deferred mail waits for `postqueue -f`: the tests decide when Postfix retries.
queue_run_delay = 1h
minimal_backoff_time = 1h
maximal_backoff_time = 1h
""")
        self._postconf("-M#", "smtp/inet")              # listen nowhere
        self._postconf("-F", "*/*/chroot = n")          # paths as written, no chroot copies
        self._register()
        self._run(POSTFIX, "-c", str(directory), "check")
        self._run(POSTFIX, "-c", str(directory), "start")
        pid_file = directory / "queue" / "pid" / "master.pid"
        wait_for(pid_file.exists, 30, "Postfix's master.pid", self.log_tail)
        self.master_pid = int(pid_file.read_text().split()[0])
        return self

    def sendmail(self, sender: str, recipient: str, message: bytes) -> None:
        """Submit as a local program would (`-i`: a line with one dot is not the end)."""
        self._run("/usr/sbin/sendmail", "-C", str(self.dir), "-i", "-f", sender, recipient,
                  stdin=message)

    def queue(self) -> str:
        """`postqueue -p`: the queue listing ("Mail queue is empty" when it is)."""
        return self._run("/usr/sbin/postqueue", "-c", str(self.dir), "-p")

    def queue_is_empty(self) -> bool:
        return "Mail queue is empty" in self.queue()

    def flush(self) -> None:
        """`postqueue -f`: retry deferred mail now."""
        self._run("/usr/sbin/postqueue", "-c", str(self.dir), "-f")

    def stop(self) -> None:
        """Stop the instance, wait until its master is gone, forget its folder. Safe to
        call after a failed start."""
        try:
            if self.master_pid is not None:
                subprocess.run([POSTFIX, "-c", str(self.dir), "stop"], capture_output=True,
                               timeout=60, check=False)
                try:
                    wait_for(lambda: not _alive(self.master_pid), 30, "Postfix to stop")
                except AssertionError:
                    subprocess.run([POSTFIX, "-c", str(self.dir), "abort"],
                                   capture_output=True, timeout=60, check=False)
                    wait_for(lambda: not _alive(self.master_pid), 10, "Postfix to abort")
        finally:
            if self.registered:
                self._unregister()
            shutil.rmtree(self.dir, ignore_errors=True)

    def _postconf(self, *args: str) -> None:
        self._run("/usr/sbin/postconf", "-c", str(self.dir), *args)

    def _register(self) -> None:
        """Name this folder in the default main.cf (`alternate_config_directories`), as
        Postfix's set-gid commands require of a non-default config directory."""
        with _registry_lock():
            main_cf = DEFAULT_CONFIG / "main.cf"
            if not main_cf.exists():   # the package installed with "No configuration"
                main_cf.touch()
            listed = _alternate_directories()
            self._set_alternate_directories([*listed, str(self.dir)])
            self.registered = True

    def _unregister(self) -> None:
        with _registry_lock():
            listed = _alternate_directories()
            self._set_alternate_directories([d for d in listed if d != str(self.dir)])
            self.registered = False

    def _set_alternate_directories(self, directories: list[str]) -> None:
        self._run("/usr/sbin/postconf", "-e",
                  f"alternate_config_directories = {' '.join(directories)}")

    def _run(self, *command: str, stdin: bytes | None = None) -> str:
        run = subprocess.run(command, input=stdin, capture_output=True, timeout=60,
                             check=False)
        if run.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} exited {run.returncode}: "
                               f"{run.stderr.decode(errors='replace')}\n{self.log_tail()}")
        return run.stdout.decode(errors="replace")


def _alternate_directories() -> list[str]:
    value = subprocess.run(["/usr/sbin/postconf", "-h", "alternate_config_directories"],
                           capture_output=True, text=True, timeout=60, check=True).stdout
    return value.replace(",", " ").split()


@contextmanager
def _registry_lock() -> Iterator[None]:
    """An exclusive flock on REGISTRY_LOCK for a read-modify-write of the default main.cf."""
    fd = os.open(REGISTRY_LOCK, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _alive(pid: int | None) -> bool:
    """Whether a process exists and is not a zombie (an exited daemon its parent, init,
    has not reaped yet)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
