"""`python deploy/production/setup.py`: the deployment's secrets, generated once into
deploy/production/secrets/ (directory 0700, files 0600; compose mounts them).

- a private CA and a certificate per NATS server (client TLS and mutual-TLS routes);
- one NATS password per service (`nats.env` for the servers, `<service>.env` for each
  service, holding only its own) and one MongoDB user per service with rights on its own
  database only (`mongo-init.env` for the one-off user creation); the snapshot worker
  gets no MongoDB user and its `snapshot.env` no database URL;
- the MongoDB replica set's keyFile and root password;
- the dashboard's command signing key (its `dashboard.env` only) and the public half
  every other service verifies with.

Run it again to add what is missing; nothing existing is replaced. Platform secrets
(Meta, X, LinkedIn…) stay in deploy/kanalvakt.env, filled in by the municipality.
"""

from __future__ import annotations

import datetime
import os
import secrets
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from shared.secrets_file import BUS_USERS, DATABASE_USERS  # noqa: E402
from shared.signed_requests import generate_keypair  # noqa: E402

OUT = Path(__file__).with_name("secrets")
NATS_SERVERS = ("nats-1", "nats-2", "nats-3")
MONGO_HOSTS = "mongo-1:27017,mongo-2:27017,mongo-3:27017"


def write(name: str, data: bytes | str) -> None:
    path = OUT / name
    if path.exists():
        return
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data.encode() if isinstance(data, str) else data)
    print(f"wrote {path.relative_to(ROOT)}")


def env_values(name: str) -> dict[str, str]:
    path = OUT / name
    if not path.exists():
        return {}
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def certificate(subject: str, key, issuer_key, issuer_name: x509.Name, *, ca: bool) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
               .issuer_name(issuer_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(minutes=5))
               .not_valid_after(now + datetime.timedelta(days=825))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if not ca:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(subject)]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def main() -> None:
    OUT.mkdir(mode=0o700, exist_ok=True)
    if not (OUT / "ca.key").exists():
        ca_key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kanalvakt deployment CA")])
        write("ca.key", pem(ca_key))
        write("ca.crt", certificate("Kanalvakt deployment CA", ca_key, ca_key, name, ca=True)
              .public_bytes(serialization.Encoding.PEM))
    ca_key = serialization.load_pem_private_key((OUT / "ca.key").read_bytes(), password=None)
    ca_name = x509.load_pem_x509_certificate((OUT / "ca.crt").read_bytes()).subject
    for server in NATS_SERVERS:
        if not (OUT / f"{server}.key").exists():
            key = ec.generate_private_key(ec.SECP256R1())
            write(f"{server}.key", pem(key))
            write(f"{server}.crt", certificate(server, key, ca_key, ca_name, ca=False)
                  .public_bytes(serialization.Encoding.PEM))
    write("mongo-keyfile", secrets.token_urlsafe(600))  # the replica set members' shared secret

    nats = env_values("nats.env") or {}
    missing = {f"NATS_PASSWORD_{u.upper()}": secrets.token_urlsafe(32) for u in BUS_USERS
               if f"NATS_PASSWORD_{u.upper()}" not in nats}
    if missing and (OUT / "nats.env").exists():  # a newer release's user (the snapshot worker)
        with (OUT / "nats.env").open("a") as out:
            out.write("".join(f"{k}={v}\n" for k, v in missing.items()))
        print(f"added {', '.join(missing)} to deploy/production/secrets/nats.env")
    nats |= missing
    write("nats.env", "".join(f"{k}={v}\n" for k, v in nats.items()))
    mongo = env_values("mongo-init.env") or {
        "MONGO_INITDB_ROOT_USERNAME": "root", "MONGO_INITDB_ROOT_PASSWORD": secrets.token_urlsafe(32),
        **{f"MONGO_PASSWORD_{u.upper()}": secrets.token_urlsafe(32) for u in DATABASE_USERS}}
    write("mongo-init.env", "".join(f"{k}={v}\n" for k, v in mongo.items()))
    signing, verify = generate_keypair()
    for user in BUS_USERS:
        if user not in DATABASE_USERS:
            # The snapshot worker: its NATS login and the CA, no database and no command key.
            password = nats[f"NATS_PASSWORD_{user.upper()}"]
            write(f"{user}.env", f"KANALVAKT_NATS_USER={user}\nKANALVAKT_NATS_PASSWORD={password}\n"
                  "KANALVAKT_NATS_TLS_CA_FILE=/run/secrets/ca.crt\n")
            continue
        own = {
            "KANALVAKT_NATS_USER": user,
            "KANALVAKT_NATS_PASSWORD": nats[f"NATS_PASSWORD_{user.upper()}"],
            "KANALVAKT_NATS_TLS_CA_FILE": "/run/secrets/ca.crt",
            "MONGODB_URL": f"mongodb://{user}:{mongo[f'MONGO_PASSWORD_{user.upper()}']}@{MONGO_HOSTS}/"
                           f"kanalvakt_{user}?replicaSet=rs0&w=majority&authSource=kanalvakt_{user}",
            "KANALVAKT_COMMAND_VERIFY_KEY": env_values("dashboard.env").get("KANALVAKT_COMMAND_VERIFY_KEY", verify),
        }
        if user == "dashboard":
            own["KANALVAKT_COMMAND_SIGNING_KEY"] = signing
        write(f"{user}.env", "".join(f"{k}={v}\n" for k, v in own.items()))


if __name__ == "__main__":
    main()
