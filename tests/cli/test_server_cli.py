"""The CLI takes a PostgreSQL URL wherever it takes a file (issue 20): import a file's
export into a server, then check, status, export and a report from there."""

import json

from tests.conftest import TODAY, run_cli
from tests.reports.pdftools import text_of


def test_a_register_moves_to_a_server_and_the_commands_read_it(demo_file, pg_url, tmp_path):
    exported = tmp_path / "fil.json"
    run_cli("export", demo_file, exported)
    proc = run_cli("import", pg_url, exported)
    assert "Importerte" in proc.stdout and "poster til postgresql://" in proc.stdout

    check = json.loads(run_cli("check", pg_url, "--json").stdout)
    assert check["ok"] and check["backend"] == "postgresql" and check["counts"]["doctors"] == 12

    on_server = tmp_path / "server.json"
    run_cli("export", pg_url, on_server)
    assert on_server.read_bytes() == exported.read_bytes()

    from_server = json.loads(run_cli("status", pg_url, "--json", "--as-of", TODAY).stdout)
    from_file = json.loads(run_cli("status", demo_file, "--json", "--as-of", TODAY).stdout)
    assert from_server == from_file

    pdf = tmp_path / "plan.pdf"
    run_cli("report", "plan", pg_url, "--doctor", 7, "--to", TODAY, "--out", pdf)
    assert "Individuell utdanningsplan / fremdriftsplan" in text_of(pdf.read_bytes())


def test_check_says_when_the_server_is_not_set_up(pg_url):
    proc = run_cli("check", pg_url, "--json", check=False)
    report = json.loads(proc.stdout)
    assert proc.returncode == 1 and not report["ok"]
    assert "klargjøres" in report["integrity"]


def test_new_sets_a_server_up_and_backup_points_to_pg_dump(pg_url, tmp_path):
    assert "Klargjorde databasen" in run_cli("new", pg_url).stdout
    assert json.loads(run_cli("check", pg_url, "--json").stdout)["ok"]
    proc = run_cli("backup", pg_url, check=False)
    assert proc.returncode == 2 and "pg_dump" in proc.stderr


def test_the_window_opens_a_server_url(pg_url, tmp_path):
    """`alis-desktop postgresql://...`: the window on the server (here a screenshot)."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT
    run_cli("new", pg_url)
    out = tmp_path / "vindu.png"
    code = (f"import sys; from alis_desktop.cli import gui_main; "
            f"sys.exit(gui_main([{pg_url!r}, '--screenshot', {str(out)!r}]))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False,
                          env={**os.environ, "HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 10_000
