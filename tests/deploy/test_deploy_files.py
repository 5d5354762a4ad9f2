"""The files in deploy/, checked without the tools that run them (systemd, compose,
haproxy, Postfix): they parse, and they name commands, keys and services that exist."""

from __future__ import annotations

import ipaddress
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from gateway.cli import build_parser
from gateway.config import Config, config_from_dict

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"

# Parameters that postconf(5) documents, of those a client relaying through a
# smarthost may set (the Postfix snippet may use no others).
POSTFIX_PARAMETERS = frozenset({
    "relayhost", "smtp_sasl_auth_enable", "smtp_sasl_password_maps",
    "smtp_sasl_security_options", "smtp_sasl_tls_security_options",
    "smtp_sasl_mechanism_filter", "smtp_tls_security_level", "smtp_tls_CAfile",
    "smtp_tls_CApath", "smtp_tls_mandatory_protocols", "smtp_tls_protocols",
    "smtp_tls_mandatory_ciphers", "smtp_tls_loglevel", "smtp_tls_policy_maps",
    "smtp_tls_session_cache_database", "smtp_tls_note_starttls_offer",
    "smtp_tls_servername", "smtp_tls_wrappermode", "smtp_tls_verify_cert_match",
    "smtp_data_done_timeout", "smtp_data_init_timeout", "smtp_data_xfer_timeout",
    "smtp_connect_timeout", "smtp_helo_timeout", "smtp_mail_timeout", "smtp_rcpt_timeout",
    "smtp_helo_name", "sender_dependent_relayhost_maps", "smtp_sender_dependent_authentication",
    "default_transport", "relay_transport", "transport_maps", "inet_protocols",
    "inet_interfaces", "myhostname", "mydestination", "mynetworks",
})
# systemd options that make the system read-only and the service unprivileged.
HARDENING = {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "PrivateTmp": "yes",
             "ProtectHome": "yes"}


def unit_options(path: Path) -> dict[str, dict[str, list[str]]]:
    """A systemd unit file: section → option → values (options may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if match := re.fullmatch(r"\[(\w+)\]", line):
            current = sections.setdefault(match[1], {})
            continue
        key, sep, value = line.partition("=")
        assert current is not None and sep and re.fullmatch(r"[A-Za-z]+", key), \
            f"{path.name}:{number}: not KEY=VALUE in a section: {raw!r}"
        current.setdefault(key, []).append(value)
    return sections


def load_with_stand_in_files(path: Path, tmp_path: Path) -> Config:
    """Load a config through the real checks, with the files it names made in tmp_path."""
    data: dict[str, Any] = tomllib.loads(path.read_text())
    for key in ("tls_cert", "tls_key", "users_file"):
        if data.get("listen", {}).get(key):
            stand_in = tmp_path / key
            stand_in.write_text("stand-in\n")
            data["listen"][key] = str(stand_in)
    return config_from_dict(data, base_dir=tmp_path, source=path)


# --- systemd ---------------------------------------------------------------------------

def test_unit_runs_vigile_serve_hardened() -> None:
    unit = unit_options(DEPLOY / "vigile.service")
    service = unit["Service"]
    command = shlex.split(service["ExecStart"][0])
    assert Path(command[0]).name == "vigile" and command[1:] == ["serve"]
    assert build_parser().parse_args(command[1:]).command == "serve"
    assert service["User"][0] not in ("", "root")
    for option, value in HARDENING.items():
        assert service[option] == [value], option
    assert service["StateDirectory"] == ["vigile"]
    assert unit["Install"]["WantedBy"] == ["multi-user.target"]


def test_example_config_writes_only_where_the_unit_allows(tmp_path: Path) -> None:
    unit = unit_options(DEPLOY / "vigile.service")["Service"]
    writable = [Path("/var/lib") / unit["StateDirectory"][0],
                Path("/var/log") / unit["LogsDirectory"][0]]
    config = load_with_stand_in_files(DEPLOY / "vigile.example.toml", tmp_path)
    assert config.metrics.address() == ("127.0.0.1", 9125)
    written = [Path(config.quarantine.dir), Path(config.log.file),
               Path(config.store.url.removeprefix("sqlite:///"))]
    for path in written:
        assert path.is_absolute() and any(path.is_relative_to(w) for w in writable), path
    assert config.upstream.url.startswith(("smtp+starttls://", "smtps://"))
    assert config.listen.port == 587


# --- container image and compose -------------------------------------------------------

def test_containerfile_runs_unprivileged_with_volumes() -> None:
    lines = [line.strip() for line in (DEPLOY / "Containerfile").read_text().splitlines()]
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    volume = next(line for line in lines if line.startswith("VOLUME "))
    assert "/etc/vigile" in volume and "/var/lib/vigile" in volume
    assert 'ENTRYPOINT ["vigile"]' in lines and 'CMD ["serve"]' in lines
    copied = [line.split()[1] for line in lines
              if line.startswith("COPY ") and "--from" not in line]
    root = DEPLOY.parent
    for name in copied:
        assert (root / name).exists(), name


def test_compose_runs_two_gateways_postgres_and_a_balancer(tmp_path: Path) -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    gateways = [name for name, s in services.items() if s.get("command") == ["serve"]]
    assert len(gateways) == 2
    assert {"postgres", "balancer"} <= set(services)
    config = load_with_stand_in_files(DEPLOY / "compose" / "vigile.toml", tmp_path)
    store = urlsplit(config.store.url)
    assert store.scheme == "postgresql" and store.hostname == "postgres"
    assert store.password is None   # it comes from the environment
    for name in gateways:
        service = services[name]
        assert "./compose:/etc/vigile:ro" in service["volumes"]
        assert any(v.endswith(":/var/lib/vigile") for v in service["volumes"])
        assert "PGPASSWORD" in service["environment"]
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert len({v for name in gateways for v in services[name]["volumes"]
                if v.endswith(":/var/lib/vigile")}) == 2   # each its own state
    assert services["postgres"]["environment"]["POSTGRES_USER"] == store.username
    assert services["postgres"]["environment"]["POSTGRES_DB"] == store.path.lstrip("/")
    assert set(services["balancer"]["depends_on"]) == set(gateways)
    # The balancer forwards its published port to each gateway's SMTP port, and checks
    # each gateway's /readyz on the metrics port.
    haproxy = (DEPLOY / "compose" / "haproxy.cfg").read_text()
    published = services["balancer"]["ports"][0].split(":")[-1]
    assert re.search(rf"^\s*bind :{published}$", haproxy, re.MULTILINE)
    servers = dict(re.findall(r"^\s*server (\S+) (\S+) send-proxy-v2$", haproxy,
                              re.MULTILINE))
    assert servers == {name: f"{name}:{config.listen.port}" for name in gateways}
    # ... with a PROXY header that the gateways take from the balancer's address only.
    balancer = services["balancer"]["networks"]["default"]["ipv4_address"]
    assert config.listen.proxy_protocol and config.listen.is_balancer((balancer, 0))
    assert ipaddress.ip_address(balancer) in ipaddress.ip_network(
        compose["networks"]["default"]["ipam"]["config"][0]["subnet"])
    metrics = config.metrics.address()
    assert metrics is not None and f"check port {metrics[1]}" in haproxy
    assert "GET /readyz" in haproxy
    assert "mode tcp" in haproxy
    # Clients reach the gateways through the balancer: only the container itself may
    # send without AUTH, or the gateways would be an open relay.
    assert set(config.listen.trusted_networks) <= {"127.0.0.1/32", "::1/128"}


# --- Postfix ---------------------------------------------------------------------------

def postfix_settings() -> dict[str, str]:
    settings = {}
    for raw in (DEPLOY / "postfix" / "main.cf").read_text().splitlines():
        if raw.strip() and not raw.lstrip().startswith("#"):
            key, sep, value = raw.partition("=")
            assert sep, raw
            settings[key.strip()] = value.strip()
    return settings


def test_postfix_snippet_names_real_parameters() -> None:
    settings = postfix_settings()
    unknown = set(settings) - POSTFIX_PARAMETERS
    assert not unknown, f"not Postfix parameters: {sorted(unknown)}"
    assert settings["smtp_sasl_auth_enable"] == "yes"
    assert settings["smtp_tls_security_level"] == "encrypt"


def test_postfix_password_map_matches_relayhost() -> None:
    settings = postfix_settings()
    kind, _, path = settings["smtp_sasl_password_maps"].partition(":")
    assert kind == "texthash" and Path(path).name == "vigile_passwd"
    lines = [line for line in (DEPLOY / "postfix" / "vigile_passwd").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert [line.split()[0] for line in lines] == [settings["relayhost"]]


@pytest.mark.parametrize("name", ["vigile.example.toml", "compose/vigile.toml"])
def test_configs_use_no_unknown_keys(name: str, tmp_path: Path) -> None:
    load_with_stand_in_files(DEPLOY / name, tmp_path)   # raises ConfigError naming the key
