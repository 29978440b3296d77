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

VIEWS = ("overview", "doctors", "arenas", "supervision", "meetings", "reports", "institution")
COMMANDS = ("demo", "check", "export", "import", "status", "report", "backup")


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
    """Write a demo municipality to `path`, whole or not at all; a file already there is
    replaced only when no other copy of the program holds it (db/new_file.py)."""
    from alis_desktop.demo import generate
    from db.exchange import write_records
    from db.new_file import replacing_store
    records = generate(doctors=doctors, seed=seed, today=today, years=years)
    for kind, items in records.items():
        for record in items:
            record.validate()
    with replacing_store(Path(path), take_over=take_over) as store:
        write_records(store, records)
    return {k: len(v) for k, v in records.items()}


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
    r.add_argument("file")
    r.add_argument("--doctor", type=int)
    r.add_argument("--meeting", type=int)
    r.add_argument("--supervisor", type=int)
    r.add_argument("--from", dest="from_date", type=_date)
    r.add_argument("--to", dest="to_date", type=_date)
    r.add_argument("--placements", type=_ids,
                   help="attest: bare disse tjenesteperiodene (id-er, for eksempel 12,14)")
    r.add_argument("--out", required=True)
    _take_over_option(r)

    b = sub.add_parser("backup", help="ta sikkerhetskopi")
    b.add_argument("file")
    b.add_argument("--to", dest="folder", help="mappe (standard: ved siden av filen)")
    b.add_argument("--keep", type=int, help="behold bare de N nyeste kopiene")
    b.add_argument("--list", action="store_true", help="vis kopiene i stedet for å ta en ny")
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
        print(f"Feil: {exc}", file=sys.stderr)
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
    report = check_file(Path(args.file))
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
        print(f"Resultat: {report['verdict']}")
    return 0 if report["ok"] else 1


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
    from db.store import Store
    source = Path(args.input)
    data = read_export(source)
    records = parse_records(data)  # a bad document is refused before any file is touched
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


HANDLERS = {"demo": cmd_demo, "check": cmd_check, "export": cmd_export, "import": cmd_import,
            "status": cmd_status, "report": cmd_report, "backup": cmd_backup}
