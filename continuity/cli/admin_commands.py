"""Preparation and checks: demo ward, ward kit, enrolment, audit, database, status, passwords."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from continuity.cli.census_commands import census_summary
from continuity.cli.context import AppContext, emit, it_passphrase, json_option, pass_app, refusals_exit_1, take_secret
from continuity.i18n import _, ngettext
from continuity.core.errors import KitError
from continuity.services import admin, demo, enrolment, kit
from continuity.services.session import change_password


def _passphrase(confirm: bool) -> str:
    value = take_secret("CONTINUITY_KIT_PASSPHRASE")
    if value is not None:
        return value
    return click.prompt(_("Kit passphrase"), hide_input=True, confirmation_prompt=confirm, err=True)


def register_admin(cli: click.Group) -> None:
    cli.add_command(demo_command)
    cli.add_command(kit_group)
    cli.add_command(init_command)
    cli.add_command(audit_group)
    cli.add_command(db_group)
    cli.add_command(status_command)
    cli.add_command(user_group)


@click.command("demo")
@click.option("--patients", default=300, show_default=True, type=click.IntRange(0, 2_000_000), help="Invented patients in the history.")
@click.option("--seed", default=2022, show_default=True, help="Same seed, same ward.")
@click.option("--kit-out", type=click.Path(dir_okay=False), help="Also write the demo kit (passphrase 'demo') for other laptops.")
@json_option
@pass_app
@refusals_exit_1
def demo_command(app: AppContext, patients: int, seed: int, kit_out: str | None) -> None:
    """Build an invented demo ward in the data folder (users demo-midwife, demo-clerk,
    demo-supervisor, demo-it; password 'demo'). A demo ward only: never real patients."""
    result = demo.build_demo(app.folder, patients=patients, seed=seed, kit_out=Path(kit_out) if kit_out else None)
    emit(app, result, lambda r: _(
        "Demo ward ready in {folder}: {patients} patients, {occupied} beds occupied. "
        "Users demo-midwife, demo-clerk, demo-supervisor, demo-it; password 'demo' (demo ward only).",
        folder=r["folder"], patients=r["patients"], occupied=r["occupied_beds"]))


@click.group("kit")
def kit_group() -> None:
    """Ward kits (IT, before an outage)."""


@kit_group.command("create")
@click.argument("ward_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The kit file to write.")
@click.option("--it-key-out", type=click.Path(dir_okay=False), help="IT's private key file (default: KIT.itkey). Keep it with IT.")
@click.option("--previous", "previous", type=click.Path(dir_okay=False),
              help="Rebuilding: the ward's current kit (same passphrase); users keep their keys and passwords.")
@click.option("--it-key", "reuse_it_key", type=click.Path(dir_okay=False),
              help="Rebuilding: IT's current key file (same IT passphrase); laptops accept only what it signs.")
@click.option("--census", "census_files", multiple=True, type=click.Path(exists=True),
              help="The main system's census (patients.csv and stays.csv, their folder, or HL7 A28/A01), loaded on each laptop "
                   "at its enrolment. Repeat for each file.")
@json_option
@pass_app
@refusals_exit_1
def kit_create(app: AppContext, ward_file: str, out: str, it_key_out: str | None, previous: str | None, reuse_it_key: str | None,
               census_files: tuple[str, ...]) -> None:
    """Make an encrypted ward kit from a ward description (TOML).

    Two passphrases: the kit's (CONTINUITY_KIT_PASSPHRASE), given to whoever enrols laptops, and
    the one of IT's key file (CONTINUITY_IT_PASSPHRASE), kept by IT."""
    result = kit.create_kit(Path(ward_file), Path(out), _passphrase(confirm=True), it_passphrase(confirm=True),
                            Path(it_key_out) if it_key_out else None, previous_kit=Path(previous) if previous else None,
                            it_key=Path(reuse_it_key) if reuse_it_key else None, census_files=[Path(f) for f in census_files] or None)

    def human(r: dict) -> str:
        lines = [_("Kit written: {kit} (IT key: {it_key})", kit=r["kit"], it_key=r["it_key"])]
        lines.append(_("One enrolment package per laptop (give each laptop only its own):"))
        lines += [f"  {name}: {path}" for name, path in r["packages"].items()]
        for laptop in r["laptops"]:
            lines.append(_("  {name}: IPP {ipp0}-{ipp1}, NDA {nda0}-{nda1}", name=laptop["name"], ipp0=laptop["ipp"][0],
                           ipp1=laptop["ipp"][1] - 1, nda0=laptop["nda"][0], nda1=laptop["nda"][1] - 1))
        if r.get("census"):
            lines.append(_("Census carried by the kit: {patients} patients, {stays} stays.", patients=r["census"]["patients"],
                           stays=r["census"]["stays"]))
            lines += [f"  {p['file']}:{p['line']}: {p['message']}" for p in r["census"]["problems"]]
        if r["initial_passwords"]:
            lines.append(_("Initial passwords (shown once; hand them out, then ask users to change them):"))
            lines += [f"  {user}: {password}" for user, password in r["initial_passwords"].items()]
        return "\n".join(lines)

    emit(app, result, human)


@kit_group.command("revoke")
@click.option("--kit", "kit_path", required=True, type=click.Path(dir_okay=False), help="The ward's shared kit.")
@click.option("--it-key", "it_key", required=True, type=click.Path(dir_okay=False), help="IT's key file.")
@click.option("--device", required=True, help="The laptop to revoke (lost, stolen, or its package lost).")
@click.option("--last-good", type=click.IntRange(0), required=True,
              help="The last of its bundles still trusted: the highest number the other laptops received from it (their sync status "
                   "lists it), so that none of them holds a bundle the others refuse. Later ones are refused.")
@click.option("--reason", required=True, help="Why (kept in every laptop's audit trail).")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="The shared folder (or a stick): written into its it/ folder.")
@json_option
@pass_app
@refusals_exit_1
def kit_revoke(app: AppContext, kit_path: str, it_key: str, device: str, last_good: int, reason: str, out: str) -> None:
    """Revoke a laptop: a file signed by IT that every laptop applies when it syncs. Its later
    bundles are refused everywhere and the ward secret is renewed for the other laptops."""
    from continuity.sync import revocations

    shared_kit = kit.checked_kit(kit.open_kit(Path(kit_path), _passphrase(confirm=False)))
    it_payload = kit.unseal_it_key(Path(it_key), it_passphrase())
    if kit.it_public_keys(it_payload)["it_verify_key"] != shared_kit["it_verify_key"]:
        raise KitError("This IT key is not the one this kit was signed with.", field="it_key")
    # The laptops revoked before get no share of the new secret either: IT keeps each revocation
    # beside the kit too, so a revocation carried on a stick still knows the earlier ones.
    ledger = Path(kit_path).with_name(f"{Path(kit_path).stem}-revocations")
    key, ward_id = shared_kit["it_verify_key"], shared_kit["ward"]["id"]
    earlier = revocations.revoked_in(Path(out), key, ward_id) | revocations.revoked_in(ledger.parent, key, ward_id, folder=ledger.name)
    name, data = revocations.make(shared_kit, it_payload, device, last_good=last_good, reason=reason, already_revoked=earlier)
    target = Path(out) / revocations.FOLDER / name
    kit.write_file_atomically(target, data, private=False)
    kit.write_file_atomically(ledger / name, data)
    emit(app, {"revocation": str(target), "device": device, "last_good_bundle": last_good},
         lambda r: _("{device} revoked: {file}. Every laptop applies it at its next sync.", device=device, file=r["revocation"]))


@click.command("init")
@click.option("--kit", "kit_path", required=True, type=click.Path(dir_okay=False), help="This laptop's enrolment package (NAME.enrol).")
@click.option("--device", required=True, help="This laptop's name in the kit (e.g. laptop-2).")
@click.option("--force", is_flag=True, help="Refresh an already enrolled folder from a newer package (same laptop only; sign in with --user).")
@json_option
@pass_app
@refusals_exit_1
def init_command(app: AppContext, kit_path: str, device: str, force: bool) -> None:
    """Enrol this laptop from its enrolment package (an earlier version's clear folder is encrypted)."""
    opened = kit.open_kit(Path(kit_path), _passphrase(confirm=False))
    from continuity.security import vault

    signed_in = force and ((app.folder / vault.KEYRING_NAME).exists() or (app.folder / vault.ESCROW_NAME).exists())
    store = app.session().store if signed_in else None
    result = enrolment.enrol_folder(app.folder, opened, device, force=force, store=store)
    def human(r: dict) -> str:
        text = _("Enrolled as {device} of ward {ward} in {folder}.", device=r["device"], ward=r["ward"], folder=str(app.folder))
        if r.get("census"):
            text += "\n" + census_summary(r["census"])
        return text

    emit(app, result, human)


@click.group("audit")
def audit_group() -> None:
    """The audit trail."""


@audit_group.command("verify")
@json_option
@pass_app
@refusals_exit_1
def audit_verify(app: AppContext) -> None:
    """Check the hash chain; exits 1 and names the first bad entry if any was altered."""
    result = admin.verify_audit(app.session())
    emit(app, result, lambda r: ngettext("Audit trail intact: {n} entry.", "Audit trail intact: {n} entries.", r["entries"]) if r["ok"] else
         _("Audit trail BROKEN at entry {seq} ({reason}).", seq=r["first_bad_entry"], reason=r["reason"]))
    if not result["ok"]:
        sys.exit(1)


@click.group("db")
def db_group() -> None:
    """The local database."""


@db_group.command("check")
@json_option
@pass_app
@refusals_exit_1
def db_check(app: AppContext) -> None:
    """integrity_check, foreign_key_check, journal and audit checks; exits 1 on any problem."""
    result = admin.check_database(app.session())
    emit(app, result, lambda r: _("Database OK ({journal} journal entries, {audit} audit entries).", journal=r["journal_entries"], audit=r["audit_entries"])
         if r["ok"] else "\n".join([_("Database problems:")] + ["  " + p for p in r["problems"]]))
    if not result["ok"]:
        sys.exit(1)


@click.command("status")
@json_option
@pass_app
@refusals_exit_1
def status_command(app: AppContext) -> None:
    """This laptop: ward, device, number blocks left."""
    result = admin.device_status(app.session())

    def human(r: dict) -> str:
        lines = [_("{device} of {ward_name} ({ward})", device=r["device"], ward_name=r["ward_name"], ward=r["ward"])]
        for block in r["number_ranges"]:
            low = "  " + _("LOW: ask IT for a new kit") if block["low"] else ""
            lines.append(_("  {kind}: {remaining} numbers left ({start}-{end}){low}", kind=block["kind"].upper(),
                           remaining=block["remaining"], start=block["start"], end=block["end"], low=low))
        return "\n".join(lines)

    emit(app, result, human)


@click.group("user")
def user_group() -> None:
    """Your account."""


@user_group.command("passwd")
@pass_app
@refusals_exit_1
def user_passwd(app: AppContext) -> None:
    """Change your password."""
    old = os.environ.get("CONTINUITY_PASSWORD") or click.prompt(_("Current password"), hide_input=True, err=True)
    os.environ.setdefault("CONTINUITY_PASSWORD", old)
    session = app.session()
    new = take_secret("CONTINUITY_NEW_PASSWORD") or click.prompt(_("New password"), hide_input=True, confirmation_prompt=True, err=True)
    change_password(session, old, new)
    click.echo(_("Password changed."))
