"""The command line: `alis-desktop [FILE] [--demo] [--screenshot OUT --view NAME]` and
`python -m alis_desktop demo|check|export|import|status|report|backup ...`.

This module and __main__ are the composition root: the only domain-side modules allowed to
wire db, reports and ui together. ui is imported lazily, only when a window is wanted.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from alis_desktop import __version__
from alis_desktop.errors import FileProblem, ValidationError

VIEWS = ("overview", "doctors", "arenas", "supervision", "meetings", "reports", "institution",
         "plan", "guide")  # guide: the user guide (Hjelp -> Brukerveiledning) over the window
COMMANDS = ("demo", "check", "export", "import", "status", "report", "backup", "calendar",
            "import-sheet", "import-plan", "new")


def _date(text: str) -> date:
    from alis_desktop.dates import parse
    try:
        return parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _ids(text: str) -> list[int]:
    """A comma-separated list of record ids: "12,14"."""
    try:
        ids = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"«{text}» er ikke en liste med id-er (for eksempel 12,14)") from None
    if not ids:
        raise argparse.ArgumentTypeError("oppgi minst én id")
    return ids


# --- the window ------------------------------------------------------------------------------

def gui_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="alis-desktop", description="ALIS Desktop")
    p.add_argument("file", nargs="?", help="fil å åpne (.alis); standard: filen i datamappen")
    p.add_argument("--demo", action="store_true", help="åpne en nylaget demokommune")
    p.add_argument("--screenshot", metavar="OUT.png", help="lagre et bilde av vinduet og avslutt")
    p.add_argument("--view", choices=VIEWS, default="overview", help="visning for --screenshot")
    p.add_argument("--doctor", type=int, help="velg denne legen (id) i visningen")
    p.add_argument("--read-only", action="store_true", help="åpne filen skrivebeskyttet")
    p.add_argument("--version", action="version", version=f"ALIS Desktop {__version__}")
    return p


def gui_main(argv: list[str] | None = None) -> int:
    args = gui_parser().parse_args(sys.argv[1:] if argv is None else argv)
    path = Path(args.file) if args.file else None
    from db.postgres import is_server_url
    if is_server_url(args.file):  # a PostgreSQL server (docs/server.md)
        path = args.file
    if args.demo:
        path = demo_file_for_session()
    from ui.app import run  # Qt only now that a window is wanted
    return run(path, screenshot=args.screenshot, view=args.view, doctor_id=args.doctor,
               read_only=args.read_only)


def demo_file_for_session() -> Path:
    """A fresh demo municipality in a temporary folder (dated today, so never stale)."""
    import tempfile
    folder = Path(tempfile.mkdtemp(prefix="alis-demo-"))
    path = folder / "Fjordvik-demo.alis"
    write_demo(path)
    return path


def write_demo(path: Path, doctors: int = 12, seed: int = 1, today: date | None = None,
               years: float | None = None, *, take_over: bool = False) -> dict[str, int]:
    from db.demo_file import write_demo as write  # shared with Fil -> Ny fil
    return write(path, doctors, seed, today, years, take_over=take_over)


# --- python -m alis_desktop ... -------------------------------------------------------------

def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m alis_desktop",
                                description="ALIS Desktop fra kommandolinjen")
    p.add_argument("--version", action="version", version=f"ALIS Desktop {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    d = sub.add_parser("demo", help="lag en demokommune")
    d.add_argument("out")
    d.add_argument("--doctors", type=int, default=12)
    d.add_argument("--seed", type=int, default=1)
    d.add_argument("--years", type=float, default=None,
                   help="gi hver lege så mange års historikk (stor testfil)")
    d.add_argument("--today", type=_date, default=None, help="dato demoen legges rundt")
    d.add_argument("--force", action="store_true", help="overskriv en fil som finnes")
    _take_over_option(d)

    c = sub.add_parser("check", help="kontroller en fil")
    c.add_argument("file")
    c.add_argument("--json", action="store_true")

    e = sub.add_parser("export", help="eksporter alt til JSON")
    e.add_argument("file")
    e.add_argument("out")
    e.add_argument("--doctor", type=int,
                   help="bare alt om denne legen (innsyn): OUT.json og et lesbart OUT.txt")

    i = sub.add_parser("import", help="importer JSON til en ny fil")
    i.add_argument("file")
    i.add_argument("input")
    _take_over_option(i)

    s = sub.add_parser("status", help="fremdrift per lege")
    s.add_argument("file")
    s.add_argument("--doctor", type=int)
    s.add_argument("--json", action="store_true")
    s.add_argument("--as-of", type=_date, default=None)

    r = sub.add_parser("report", help="skriv ut et dokument som PDF")
    r.add_argument("kind")
    r.add_argument("file", nargs="?")
    # institution-queue: more files ranked together into one list (reports/institution_merge)
    r.add_argument("more_files", nargs="*", help=argparse.SUPPRESS)
    r.add_argument("--sheets", nargs="+", default=[],
                   help="institution-queue: kommunenes eksporterte lister (.xlsx)")
    r.add_argument("--model", help="institution-queue: prioriteringsmodell (navn)")
    r.add_argument("--doctor", type=int)
    r.add_argument("--meeting", type=int)
    r.add_argument("--supervisor", type=int)
    r.add_argument("--from", dest="from_date", type=_date)
    r.add_argument("--to", dest="to_date", type=_date)
    r.add_argument("--placements", type=_ids,
                   help="attest: bare disse tjenesteperiodene (id-er, for eksempel 12,14)")
    r.add_argument("--plan-version", help="municipal-plan: skriv ut en vedtatt versjon "
                                           "nøyaktig slik den ble vedtatt")
    r.add_argument("--out", required=True)
    _take_over_option(r)

    b = sub.add_parser("backup", help="ta sikkerhetskopi")
    b.add_argument("file")
    b.add_argument("--to", dest="folder", help="mappe (standard: ved siden av filen)")
    b.add_argument("--keep", type=int, help="behold bare de N nyeste kopiene")
    b.add_argument("--list", action="store_true", help="vis kopiene i stedet for å ta en ny")

    k = sub.add_parser("calendar", help="planlagte møter som kalenderfil (.ics) for Outlook o.a.")
    k.add_argument("file")
    k.add_argument("--out", required=True, help="kalenderfilen som skrives (.ics)")
    k.add_argument("--from", dest="from_date", type=_date, help="fra og med dato (standard: i dag)")
    k.add_argument("--to", dest="to_date", type=_date, help="til og med dato")
    k.add_argument("--doctor", type=int, help="bare denne legens møter")
    k.add_argument("--meeting", type=int, help="bare dette møtet (også et avholdt)")

    _sheet_parser(sub)
    pl = sub.add_parser("import-plan", help="læringsarenaer og læringsmål fra planens tabell")
    pl.add_argument("file")
    pl.add_argument("text", metavar="PLAN.txt", help="tabellen kopiert fra planen, som tekst")
    pl.add_argument("--earlier", action="store_true",
                    help="planen er skrevet før 1. mars 2026 (tidligere felles kompetansemål)")
    pl.add_argument("--dry-run", action="store_true", help="vis bare hva som ble lest")
    _take_over_option(pl)
    n = sub.add_parser("new", help="lag en tom fil")
    n.add_argument("file")
    return p


def _take_over_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--take-over", action="store_true",
                   help="ta over filen når programmet som hadde den åpen, beviselig er borte "
                        "(en foreldet lås; aldri en levende); overtakelsen revisjonslogges")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        return gui_main(argv)
    args = parser().parse_args(argv)
    try:
        return HANDLERS[args.command](args)
    except (FileProblem, ValidationError) as exc:
        # A stale lock's message offers to take the file over; here that is an option.
        how = (" Ta over filen med --take-over." if getattr(exc, "stale", False)
               and hasattr(args, "take_over") else "")
        print(f"Feil: {exc}{how}", file=sys.stderr)
        return 2
    except OSError as exc:  # a system error the commands did not name: still Norwegian
        from alis_desktop.os_errors import problem
        print(f"Feil: {problem(exc)}", file=sys.stderr)
        return 2


def _check_output(out: Path, source: str | Path | None = None) -> None:
    """Before writing `out`: never over the file being read, nor over a file another copy
    of the program holds (the message a second writer gets)."""
    from db.lock import refuse_if_held
    if source is not None and out.exists() and out.resolve() == Path(source).resolve():
        raise FileProblem(f"{out} er selve ALIS-filen; velg et annet navn for utfilen.")
    refuse_if_held(out)


def cmd_demo(args) -> int:
    out = Path(args.out)
    if out.exists() and not args.force:
        print(f"Feil: {out} finnes allerede (bruk --force for å overskrive).", file=sys.stderr)
        return 2
    counts = write_demo(out, args.doctors, args.seed, args.today, args.years,
                        take_over=args.take_over)
    print(f"Skrev demokommune til {out}: {counts['doctors']} leger, {counts['placements']} "
          f"tjenesteperioder, {counts['supervision_sessions']} veiledningstimer.")
    return 0


def cmd_check(args) -> int:
    from db.check import check_file
    from db.postgres import is_server_url
    if is_server_url(args.file):  # a PostgreSQL server (docs/server.md)
        from db.server_check import check_server
        report, synced = check_server(args.file), None
    else:
        report = check_file(Path(args.file))
        synced = _synced_warning(Path(args.file))
    if synced:
        report["synced_folder"] = synced
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(f"Fil: {report['file']}")
        version = report["schema_version"]
        print(f"Skjemaversjon: {'ingen' if version is None else version} "
              f"(programmet: {report['program_schema_version']})")
        if version is not None:  # else the file was refused before any check: see Resultat
            print(f"Integritet: {report['integrity']}")
            print(f"Fremmednøkkelfeil: {report['foreign_key_problems']}")
        if report.get("locked_by"):
            print(f"Åpnet for redigering av: {report['locked_by']}")
        for kind, n in report["counts"].items():
            print(f"  {kind}: {n}")
        if synced:
            print(f"Advarsel: {synced['warning']}")
        print(f"Resultat: {report['verdict']}")
    return 0 if report["ok"] else 1


def _synced_warning(path: Path) -> dict | None:
    """A file in a OneDrive/Dropbox/Google Drive/iCloud folder (alis_desktop/synced.py)."""
    from alis_desktop.synced import synced_folder, warning
    found = synced_folder(path.absolute())
    if found is None:
        return None
    return {"service": found.service, "folder": found.folder, "warning": warning(found)}


def cmd_export(args) -> int:
    from alis_desktop.atomic_files import write_text_atomically
    from db.exchange import dumps, export_data
    from db.store import Store
    if args.doctor is not None:
        return _export_doctor(args)
    _check_output(Path(args.out), args.file)
    store = Store.open(args.file, read_only=True)
    try:
        text = dumps(export_data(store))
    finally:
        store.close()
    write_text_atomically(Path(args.out), text)
    print(f"Eksporterte {args.file} til {args.out}.")
    return 0


def cmd_import(args) -> int:
    from alis_desktop.os_errors import DiskFull
    from db.exchange import import_data, parse_records, read_export
    from db.new_file import replacing_store
    from db.postgres import is_server_url, safe_url
    from db.store import Store
    source = Path(args.input)
    data = read_export(source)
    notes: list[str] = []  # goal lists read loosely (issue 17): said, not refused
    records = parse_records(data, notes)  # a bad document is refused before any file is touched
    if is_server_url(args.file):  # a PostgreSQL server: one transaction, nothing to remove
        store = Store.open(args.file, create=True)
        try:
            counts = import_data(store, data, records=records)
        finally:
            store.close()
        target = safe_url(args.file)
    else:
        target = Path(args.file)
        try:
            if target.exists():  # an empty file made by the program: one transaction
                store = Store.open(target, take_over=args.take_over)
                try:
                    counts = import_data(store, data, records=records)
                finally:
                    store.close()
            else:  # a new file, renamed into place when whole: nothing left from a failure
                with replacing_store(target, take_over=args.take_over) as store:
                    counts = import_data(store, data, records=records)
        except DiskFull as exc:  # say how much: the file takes about what the JSON takes
            raise DiskFull(exc.folder, source.stat().st_size, target.name,
                           change=target.exists()) from None
    total = sum(counts.values())
    for note in notes:
        print(f"Lest løst: {note}")
    print(f"Importerte {total} poster til {target}.")
    return 0


def cmd_status(args) -> int:
    from db.progress import status_report
    from db.store import Store
    store = Store.open(args.file, read_only=True)
    try:
        report = status_report(store, doctor_id=args.doctor, as_of=args.as_of or date.today())
    finally:
        store.close()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for d in report["doctors"]:
            print(f"{d['id']:>4}  {d['name']:<28} {d['counted_years']:>5.2f} år  "
                  f"{d['pct_complete']:>5.1f} %  ferdig {d['projected_completion'] or '-'}")
    return 0


# Each document module in reports/ exposes `run_cli(store, args) -> Path`; it reads through
# the store's generic methods only (reports never imports db), and is imported when asked for.
DOCUMENTS = {
    "attestation": "reports.attestation",
    "plan": "reports.individual_plan",
    "municipal-plan": "reports.municipal_plan",
    "cohort": "reports.cohort",
    "minutes": "reports.minutes",
    "supervision": "reports.supervision_statement",
    "institution-queue": "reports.institution_queue",
    "coverage": "reports.coverage_matrix",
    "grant": "reports.supervision_grant",
    "handover": "reports.handover",
    "institution-allocation": "reports.institution_allocation",
}


def cmd_report(args) -> int:
    import importlib

    from db.store import Store
    module_name = DOCUMENTS.get(args.kind)
    if module_name is None:
        print(f"Feil: ukjent dokument «{args.kind}». Velg blant: {', '.join(DOCUMENTS)}.",
              file=sys.stderr)
        return 2
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        print(f"Feil: dokumentet «{args.kind}» finnes ikke i denne versjonen.", file=sys.stderr)
        return 2
    # A document made from several files (or none) opens them itself, read-only.
    if hasattr(module, "run_cli_files") and module.wants_files(args):
        out = module.run_cli_files(args, lambda path: Store.open(path, read_only=True))
        print(f"Skrev {Path(out)}")
        return 0
    if args.file is None or args.more_files or args.sheets:
        print(f"Feil: «{args.kind}» lages av nøyaktig én fil.", file=sys.stderr)
        return 2
    writes = getattr(module, "WRITES", False)
    _check_output(Path(args.out), args.file)
    store = Store.open(args.file, read_only=not writes, take_over=args.take_over and writes)
    try:
        out = module.run_cli(store, args)
    finally:
        store.close()
    print(f"Skrev {Path(out)}")
    return 0


def _export_doctor(args) -> int:
    """Everything about one doctor, for an access request (docs/reliability.md)."""
    from db.personal import export_doctor
    from db.store import Store
    for target in (Path(args.out), Path(args.out).with_suffix(".txt")):
        _check_output(target, args.file)
    store = Store.open(args.file, read_only=True)
    try:
        try:
            data, text = export_doctor(store, args.doctor)
        except KeyError:
            print(f"Feil: finner ingen lege med id {args.doctor}.", file=sys.stderr)
            return 2
    finally:
        store.close()
    from alis_desktop.atomic_files import write_text_atomically
    out = Path(args.out)
    write_text_atomically(out, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    write_text_atomically(out.with_suffix(".txt"), text)
    print(f"Eksporterte alle opplysninger om lege {args.doctor} til {out} og "
          f"{out.with_suffix('.txt')}.")
    return 0


def cmd_backup(args) -> int:
    from db.backup import backup_now, contents, list_backups
    from db.connection import backup_dir_for
    from db.postgres import is_server_url
    if is_server_url(args.file):  # docs/server.md: the server's own backup
        print("Feil: en server sikkerhetskopieres med pg_dump (se docs/server.md); "
              "`export` gir en JSON-kopi av registeret.", file=sys.stderr)
        return 2
    path = Path(args.file)
    folder = Path(args.folder) if args.folder else backup_dir_for(path)
    if args.list:
        found = list_backups(folder, path.stem)
        for b in found:
            c = contents(b.path, verify=False)
            what = (f"{c.counts.get('doctors', 0)} leger, {c.counts.get('placements', 0)} "
                    "tjenesteperioder" if c.ok else c.problem)
            print(f"{b.when()}  {b.kind_name:<20} {what}  {b.path}")
        print(f"{len(found)} sikkerhetskopier i {folder}.")
        return 0
    if args.keep is not None and args.keep < 1:
        print("Feil: --keep må være minst 1.", file=sys.stderr)
        return 2
    dest = backup_now(path, folder, keep=args.keep)
    print(f"Sikkerhetskopi: {dest}")
    return 0


def cmd_calendar(args) -> int:
    """Planned review meetings as an .ics file (reports/meeting_calendar.py)."""
    from alis_desktop.atomic_files import write_bytes_atomically
    from db.store import Store
    from reports.meeting_calendar import build_ics, planned_meetings
    store = Store.open(args.file, read_only=True)
    try:
        if args.meeting is not None:
            try:
                meetings = [store.get("meetings", args.meeting)]
            except KeyError:
                print(f"Feil: finner ikke møte {args.meeting}.", file=sys.stderr)
                return 2
        else:
            meetings = planned_meetings(store, args.from_date or date.today(), args.to_date,
                                        args.doctor)
        data = build_ics(store, meetings)
    finally:
        store.close()
    write_bytes_atomically(Path(args.out), data)
    print(f"Skrev {len(meetings)} {'møte' if len(meetings) == 1 else 'møter'} til {args.out}.")
    if not meetings:  # as the window says it (Møter -> Til kalender)
        print("Ingen planlagte møter i perioden, så kalenderfilen er tom. Legg inn neste møte "
              "under Møter (ikke avholdt, med dato), eller velg en annen periode.")
    return 0


# --- import-sheet, new (issue 17) ------------------------------------------------------------

def _sheet_parser(sub) -> None:
    from alis_desktop.sheet_kinds import KINDS
    s = sub.add_parser("import-sheet", help="importer et regneark (.xlsx/.csv)")
    s.add_argument("file")
    s.add_argument("sheet_file", metavar="SHEET")
    s.add_argument("--kind", required=True, choices=list(KINDS))
    s.add_argument("--sheet", dest="sheet_name", help="arkets navn (standard: det første)")
    s.add_argument("--mapping", help="kolonneoppsett som JSON: {\"columns\": {\"Overskrift\": "
                                     "\"felt\"}, \"defaults\": {\"felt\": \"verdi\"}}")
    s.add_argument("--create-missing", action="store_true",
                   help="opprett leger, arenaer og veiledere som ikke finnes")
    s.add_argument("--dry-run", action="store_true", help="vis bare forhåndsvisningen")
    _take_over_option(s)
    s.add_argument("--today", type=_date, default=None, help=argparse.SUPPRESS)


def cmd_import_sheet(args) -> int:
    """Preview the sheet; print its errors and write nothing when there are any."""
    from alis_desktop.sheet_import import (
        Mapping, guess_mapping, header_row, load_mapping_file, preview_sheet,
    )
    from alis_desktop.sheet_table import read_sheet
    from db.sheet_import import counted, existing, write_preview
    from db.store import Store
    table = read_sheet(args.sheet_file, args.sheet_name)
    mapping, columns = None, None
    if args.mapping:
        columns, defaults = load_mapping_file(Path(args.mapping).read_text(encoding="utf-8"))
        at = header_row(table, args.kind, columns) or 0
        headers = table.rows[at][1] if table.rows else []
        mapping = guess_mapping(args.kind, headers, columns) if columns else Mapping()
        mapping = Mapping(mapping.columns, defaults)
    store = Store.open(args.file, read_only=args.dry_run,
                       take_over=args.take_over and not args.dry_run)
    try:
        preview = preview_sheet(args.kind, table, existing(store),
                                today=args.today or date.today(), mapping=mapping,
                                remembered=columns, create_missing=args.create_missing)
        print(preview.summary())
        for line in preview.report().splitlines():
            print(line)
        if not preview.clean:
            print("Ingenting er importert.", file=sys.stderr)
            return 1
        if args.dry_run:
            print("Prøvekjøring: ingenting er skrevet.")
            return 0
        counts = write_preview(store, preview)
    finally:
        store.close()
    print(f"Importert til {args.file}: {counted(counts)}.")
    return 0


def cmd_import_plan(args) -> int:
    """The plan's arena table as text: print what was read (loosely too); store it only when
    every goal list reads."""
    from alis_desktop.plan_paste import read_pasted_plan
    from db.arenas import arenas, save_pasted_plan
    from db.store import Store
    from alis_desktop.supervision_csv import decode
    text = Path(args.text).read_bytes()
    store = Store.open(args.file, read_only=args.dry_run,
                       take_over=args.take_over and not args.dry_run)
    try:
        plan = read_pasted_plan(decode(text), existing=arenas(store), earlier=args.earlier)
        for a in plan.arenas:
            state = "finnes" if a.existing else "ny"
            print(f"{a.name} ({state}): {a.full} mål helt, {a.partial} delvis")
        for note in plan.loose():
            print(f"Lest løst: {note}")
        for error in plan.errors():
            print(f"Feil: {error}")
        if not plan.clean:
            print("Ingenting er lagret.", file=sys.stderr)
            return 1
        if args.dry_run:
            print("Prøvekjøring: ingenting er skrevet.")
            return 0
        saved = save_pasted_plan(store, plan)
    finally:
        store.close()
    print(f"Lagret {len(saved)} læringsarenaer med læringsmål i {args.file}.")
    return 0


def cmd_new(args) -> int:
    from db.postgres import is_server_url, safe_url
    from db.store import Store
    if is_server_url(args.file):  # an empty database: the program's tables in it
        Store.open(args.file, create=True).close()
        print(f"Klargjorde databasen: {safe_url(args.file)}")
        return 0
    path = Path(args.file)
    if path.exists():
        print(f"Feil: {path} finnes allerede.", file=sys.stderr)
        return 2
    Store.open(path, create=True).close()
    print(f"Laget en tom fil: {path}")
    return 0


HANDLERS = {"demo": cmd_demo, "check": cmd_check, "export": cmd_export, "import": cmd_import,
            "status": cmd_status, "report": cmd_report, "backup": cmd_backup,
            "calendar": cmd_calendar, "import-sheet": cmd_import_sheet,
            "import-plan": cmd_import_plan, "new": cmd_new}
