"""The gateway's configuration: one TOML file, every key with a working default.

`load_config()` reads the file named by `--config` or `VIGILE_CONFIG` (or none: the
embedded default), checks every key and value, and returns a frozen `Config`. Any
mistake is a `ConfigError` naming the key and the reason, so the gateway never starts
half-configured. Relative paths are relative to the config file's folder (or the
current folder when there is no file).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from gateway.dkim import DkimConfig, DkimError, check_dkim, dkim_keys
from policies.model import Action, PolicySettings, Verdict
from policies.rules import all_rules

CONFIG_ENV = "VIGILE_CONFIG"
UPSTREAM_SCHEMES = ("smtp", "smtp+starttls", "smtps", "maildir")


class ConfigError(ValueError):
    """A configuration key with a missing, mistyped or impossible value."""


@dataclass(frozen=True)
class ListenConfig:
    host: str = "127.0.0.1"
    port: int = 2525
    hostname: str = ""
    tls_cert: str = ""
    tls_key: str = ""
    users_file: str = ""
    # Clients that may send without AUTH, and AUTH without TLS (Postfix's mynetworks).
    trusted_networks: list[str] = field(default_factory=lambda: ["127.0.0.0/8", "::1/128"])
    max_message_size: int = 26_214_400
    max_recipients: int = 100
    max_header_count: int = 1000
    max_header_size: int = 102_400
    max_connections_per_client: int = 20
    max_commands_per_connection: int = 1000
    max_auth_failures: int = 10
    auth_failure_delay: float = 1.0
    timeout: float = 300.0
    # PROXY protocol (v1 or v2) from a load balancer: when on, every connection must come
    # from `proxy_networks` and start with a PROXY header naming the real client.
    proxy_protocol: bool = False
    proxy_networks: list[str] = field(default_factory=list)

    def trusts(self, peer: object) -> bool:
        """Whether a client address (a peername tuple) is in `trusted_networks`."""
        return _in_networks(peer, self.trusted_networks)

    def is_balancer(self, peer: object) -> bool:
        """Whether a connection's peer may send a PROXY header (`proxy_networks`)."""
        return _in_networks(peer, self.proxy_networks)


def _in_networks(peer: object, networks: list[str]) -> bool:
    try:
        address = ipaddress.ip_address(peer[0])  # type: ignore[index]
    except (TypeError, ValueError, IndexError):
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped   # a dual-stack listener sees ::ffff:a.b.c.d
    return any(address in ipaddress.ip_network(n, strict=False) for n in networks)


@dataclass(frozen=True)
class UpstreamConfig:
    url: str = "maildir:outbox"
    username: str = ""
    password_env: str = "VIGILE_UPSTREAM_PASSWORD"
    timeout: float = 60.0
    # Seconds to wait for the final reply after the message's final dot: RFC 5321
    # section 4.5.3.2.6 (10 minutes); past it the outcome is unknown.
    data_timeout: float = 600.0
    pool_size: int = 4
    tls_verify: bool = True
    ca_file: str = ""        # PEM bundle to verify the upstream with (default: the system's)


@dataclass(frozen=True)
class QuarantineConfig:
    dir: str = "quarantine"
    reply: str = "reject"


@dataclass(frozen=True)
class StoreConfig:
    url: str = "sqlite:///vigile.db"


@dataclass(frozen=True)
class PolicyConfig:
    scope: str = "amazon"
    authorized_senders: list[str] = field(default_factory=list)
    link_allowlist: list[str] = field(default_factory=list)
    contact_placeholder: str = ""
    window_days: int = 30
    unknown_order: str = "deliver"
    time_budget: float = 10.0
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    memory_budget: int = 1024
    rules: dict[str, Action] = field(default_factory=dict)

    def settings(self) -> PolicySettings:
        return PolicySettings(
            actions=dict(self.rules),
            link_allowlist=frozenset(d.lower() for d in self.link_allowlist),
            contact_placeholder=self.contact_placeholder,
            authorized_senders=frozenset(a.lower() for a in self.authorized_senders),
            window_days=self.window_days,
            unknown_order=Verdict(self.unknown_order),
        )


@dataclass(frozen=True)
class LogConfig:
    format: str = "json"
    file: str = ""
    level: str = "info"


@dataclass(frozen=True)
class MetricsConfig:
    # "HOST:PORT" ("[::1]:9125" for IPv6) of the /metrics, /healthz, /readyz endpoint;
    # empty: no endpoint.
    listen: str = ""

    def address(self) -> tuple[str, int] | None:
        """The (host, port) to listen on, or None when the endpoint is off."""
        if not self.listen:
            return None
        parts = urlsplit(f"//{self.listen}")
        if not parts.hostname or parts.port is None:
            raise ValueError("must be HOST:PORT, as in 127.0.0.1:9125 or [::1]:9125")
        return parts.hostname, parts.port


WEB_DEFAULT_LISTEN = "127.0.0.1:8025"


@dataclass(frozen=True)
class WebConfig:
    """The review page (gateway/web): off unless `listen` is set; `vigile web` serves it on
    WEB_DEFAULT_LISTEN (loopback) when it is not. Empty `tls_cert`/`tls_key` reuse
    `listen.tls_cert`/`tls_key`; off loopback the page needs one or the other (it takes
    passwords)."""

    listen: str = ""
    tls_cert: str = ""
    tls_key: str = ""

    def address(self, default: str = "") -> tuple[str, int] | None:
        """The (host, port) to serve on, or None when the page is off."""
        return MetricsConfig(listen=self.listen or default).address()


@dataclass(frozen=True)
class Config:
    listen: ListenConfig = ListenConfig()
    upstream: UpstreamConfig = UpstreamConfig()
    quarantine: QuarantineConfig = QuarantineConfig()
    store: StoreConfig = StoreConfig()
    policy: PolicyConfig = PolicyConfig()
    log: LogConfig = LogConfig()
    metrics: MetricsConfig = MetricsConfig()
    web: WebConfig = WebConfig()
    dkim: DkimConfig = field(default_factory=DkimConfig)
    base_dir: Path = field(default_factory=Path.cwd)
    source: Path | None = None

    def path(self, value: str) -> Path:
        """A configured path, relative ones taken from the config file's folder."""
        return (self.base_dir / value).resolve() if value else Path()

    @property
    def upstream_password(self) -> str:
        return os.environ.get(self.upstream.password_env, "") if self.upstream.password_env else ""


SECTIONS: dict[str, type] = {
    "listen": ListenConfig, "upstream": UpstreamConfig, "quarantine": QuarantineConfig,
    "store": StoreConfig, "policy": PolicyConfig, "log": LogConfig,
    "metrics": MetricsConfig,
    "web": WebConfig,
    "dkim": DkimConfig,
}


def load_config(path: str | Path | None = None) -> Config:
    """Read and check the configuration; `path` None means `$VIGILE_CONFIG` or defaults."""
    chosen = path if path is not None else os.environ.get(CONFIG_ENV) or None
    if chosen is None:
        return check(Config())
    source = Path(chosen).expanduser().resolve()
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{source}: cannot read the config file: {error.strerror}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{source}: not valid TOML: {error}") from error
    return config_from_dict(data, base_dir=source.parent, source=source)


def config_from_dict(data: dict[str, Any], *, base_dir: Path, source: Path | None = None
                     ) -> Config:
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise ConfigError(f"[{unknown[0]}]: unknown section (known: {', '.join(SECTIONS)})")
    sections = {}
    for name, section_type in SECTIONS.items():
        raw = data.get(name, {})
        if not isinstance(raw, dict):
            raise ConfigError(f"[{name}]: must be a table")
        sections[name] = _section(name, section_type, raw)
    return check(Config(**sections, base_dir=base_dir, source=source))


def _section(name: str, section_type: type, raw: dict[str, Any]) -> Any:
    fields = {f.name: f for f in dataclasses.fields(section_type)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in fields:
            raise ConfigError(f"{name}.{key}: unknown key (known: {', '.join(fields)})")
        if name == "policy" and key == "rules":
            values[key] = _rule_actions(value)
            continue
        if name == "dkim" and key == "keys":
            try:
                values[key] = dkim_keys(value)
            except DkimError as error:
                raise ConfigError(str(error)) from error
            continue
        default = _default(fields[key])
        values[key] = _typed(f"{name}.{key}", value, default)
    return section_type(**values)


def _default(spec: dataclasses.Field[Any]) -> Any:
    if spec.default is not dataclasses.MISSING:
        return spec.default
    return spec.default_factory()  # type: ignore[misc]


def _typed(key: str, value: Any, default: Any) -> Any:
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{key}: must be true or false, not {value!r}")
    elif isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{key}: must be a whole number, not {value!r}")
    elif isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{key}: must be a number, not {value!r}")
        value = float(value)
    elif isinstance(default, str):
        if not isinstance(value, str):
            raise ConfigError(f"{key}: must be a string, not {value!r}")
    elif isinstance(default, list) and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
        raise ConfigError(f"{key}: must be a list of strings, not {value!r}")
    return value


def _rule_actions(raw: Any) -> dict[str, Action]:
    if not isinstance(raw, dict):
        raise ConfigError("policy.rules: must be a table of [policy.rules.<rule-id>]")
    rules = {rule.id: rule for rule in all_rules()}
    actions = {}
    for rule_id, table in raw.items():
        key = f"policy.rules.{rule_id}"
        if rule_id not in rules:
            raise ConfigError(f"{key}: no such rule (known: {', '.join(sorted(rules))})")
        if not isinstance(table, dict) or set(table) - {"action"}:
            raise ConfigError(f"{key}: only `action` can be set")
        value = table.get("action")
        allowed = [a.value for a in Action if rules[rule_id].rewrites or a is not Action.STRIP]
        if value not in allowed:
            raise ConfigError(f"{key}.action: must be one of {', '.join(allowed)}, not {value!r}")
        actions[rule_id] = Action(value)
    return actions


def check(config: Config) -> Config:
    """Reject values that have the right type but cannot work."""
    listen, upstream = config.listen, config.upstream
    if not 0 <= listen.port <= 65535:
        raise ConfigError(f"listen.port: {listen.port} is not a TCP port")
    if bool(listen.tls_cert) != bool(listen.tls_key):
        raise ConfigError("listen.tls_cert, listen.tls_key: set both or neither")
    # listen.users_file may not exist yet: `vigile passwd` creates it (`serve` checks it).
    for key in ("tls_cert", "tls_key"):
        value = getattr(listen, key)
        if value and not config.path(value).is_file():
            raise ConfigError(f"listen.{key}: no such file: {config.path(value)}")
    for key in ("trusted_networks", "proxy_networks"):
        for network in getattr(listen, key):
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError as error:
                raise ConfigError(f"listen.{key}: {error}") from error
    if listen.proxy_protocol and not listen.proxy_networks:
        raise ConfigError("listen.proxy_networks: must name the load balancer's addresses "
                          "when listen.proxy_protocol is on (only they may send PROXY)")
    if listen.max_message_size <= 0:
        raise ConfigError("listen.max_message_size: must be positive")
    for key in ("max_recipients", "max_header_count", "max_header_size",
                "max_connections_per_client", "max_commands_per_connection",
                "max_auth_failures"):
        if getattr(listen, key) <= 0:
            raise ConfigError(f"listen.{key}: must be positive")
    if listen.auth_failure_delay < 0:
        raise ConfigError("listen.auth_failure_delay: must not be negative")
    scheme = upstream.url.split(":", 1)[0].lower() if ":" in upstream.url else ""
    if scheme not in UPSTREAM_SCHEMES:
        raise ConfigError(f"upstream.url: {upstream.url!r} must start with one of "
                          + ", ".join(f"{s}:" for s in UPSTREAM_SCHEMES))
    if scheme == "maildir":
        if not upstream.url.split(":", 1)[1]:
            raise ConfigError("upstream.url: maildir: needs a folder, as in maildir:outbox")
    else:
        parts = urlsplit(upstream.url)
        try:
            parts.port  # noqa: B018 - raises on a bad port
        except ValueError as error:
            raise ConfigError(f"upstream.url: {error}") from error
        if not parts.hostname:
            raise ConfigError(f"upstream.url: {upstream.url!r} names no host")
    if upstream.ca_file and not config.path(upstream.ca_file).is_file():
        raise ConfigError(f"upstream.ca_file: no such file: {config.path(upstream.ca_file)}")
    for key in ("timeout", "data_timeout"):
        if getattr(upstream, key) <= 0:
            raise ConfigError(f"upstream.{key}: must be positive")
    if upstream.pool_size <= 0:
        raise ConfigError("upstream.pool_size: must be positive")
    if config.quarantine.reply not in ("reject", "accept"):
        raise ConfigError(f"quarantine.reply: must be reject or accept, not "
                          f"{config.quarantine.reply!r}")
    _check_store_url(config.store.url)
    try:
        config.metrics.address()
    except ValueError as error:
        raise ConfigError(f"metrics.listen: {config.metrics.listen!r} {error}") from error
    _check_web(config)
    try:
        check_dkim(config)
    except DkimError as error:
        raise ConfigError(str(error)) from error
    policy = config.policy
    if policy.scope not in ("amazon", "all"):
        raise ConfigError(f"policy.scope: must be amazon or all, not {policy.scope!r}")
    if policy.unknown_order not in ("deliver", "quarantine"):
        raise ConfigError(f"policy.unknown_order: must be deliver or quarantine, not "
                          f"{policy.unknown_order!r}")
    if policy.workers < 0:
        raise ConfigError("policy.workers: must be 0 (decide in the gateway process) or more")
    if policy.memory_budget < 256:
        raise ConfigError("policy.memory_budget: must be at least 256 (MB per worker)")
    if policy.time_budget <= 0:
        raise ConfigError("policy.time_budget: must be positive")
    if policy.window_days <= 0:
        raise ConfigError("policy.window_days: must be positive")
    if config.log.format not in ("json", "console"):
        raise ConfigError(f"log.format: must be json or console, not {config.log.format!r}")
    if config.log.level not in ("debug", "info", "warning", "error"):
        raise ConfigError(f"log.level: must be debug, info, warning or error, not "
                          f"{config.log.level!r}")
    return config


def _check_web(config: Config) -> None:
    web = config.web
    try:
        address = web.address()
    except ValueError as error:
        raise ConfigError(f"web.listen: {web.listen!r} {error}") from error
    if bool(web.tls_cert) != bool(web.tls_key):
        raise ConfigError("web.tls_cert, web.tls_key: set both or neither")
    for key in ("tls_cert", "tls_key"):
        value = getattr(web, key)
        if value and not config.path(value).is_file():
            raise ConfigError(f"web.{key}: no such file: {config.path(value)}")
    if address is None:
        return
    if not config.listen.users_file:
        raise ConfigError("web.listen: the review page signs users in from "
                          "listen.users_file, which is not set")
    if not web_tls(config) and not _is_loopback(address[0]):
        raise ConfigError(f"web.listen: {web.listen!r} is not a loopback address, and "
                          "without TLS passwords would cross the network in clear: set "
                          "web.tls_cert/tls_key (or listen.tls_cert/tls_key)")


def web_tls(config: Config) -> tuple[Path, Path] | None:
    """The review page's certificate and key: its own, else the SMTP listener's."""
    web, listen = config.web, config.listen
    cert, key = (web.tls_cert, web.tls_key) if web.tls_cert else (listen.tls_cert,
                                                                  listen.tls_key)
    return (config.path(cert), config.path(key)) if cert else None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_store_url(url: str) -> None:
    if url.startswith(("postgresql://", "postgres://")):
        from psycopg import ProgrammingError
        from psycopg.conninfo import conninfo_to_dict

        try:
            conninfo_to_dict(url)
        except ProgrammingError as error:
            raise ConfigError(f"store.url: not a valid PostgreSQL url: {error}") from error
    elif not url.startswith("sqlite:///") or url == "sqlite:///":
        raise ConfigError(f"store.url: {url!r} is not supported "
                          "(use sqlite:///PATH or postgresql://USER@HOST/DATABASE)")


def store_path(config: Config) -> Path:
    return config.path(config.store.url.removeprefix("sqlite:///"))


def maildir_path(config: Config) -> Path | None:
    if not config.upstream.url.lower().startswith("maildir:"):
        return None
    return config.path(config.upstream.url.split(":", 1)[1])
