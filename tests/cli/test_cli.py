"""The command lines users script: demo, check, export, import, backup, and --screenshot."""

import json
import sqlite3

from tests.conftest import run_cli


def test_demo_check_export_import_round_trip(tmp_path):
    demo = tmp_path / "demo.alis"
    out = run_cli("demo", demo, "--doctors", 5, "--seed", 3, "--today", "26.11.2026")
    assert "5 leger" in out.stdout
    check = run_cli("check", demo, "--json")
    report = json.loads(check.stdout)
    assert report["ok"] and report["integrity"] == "ok"
    assert report["counts"]["doctors"] == 5
    run_cli("export", demo, tmp_path / "a.json")
    run_cli("import", tmp_path / "b.alis", tmp_path / "a.json")
    run_cli("export", tmp_path / "b.alis", tmp_path / "b.json")
    assert (tmp_path / "a.json").read_text() == (tmp_path / "b.json").read_text()


def test_demo_is_deterministic(tmp_path):
    for name in ("x", "y"):
        run_cli("demo", tmp_path / f"{name}.alis", "--seed", 9, "--today", "2026-11-26")
        run_cli("export", tmp_path / f"{name}.alis", tmp_path / f"{name}.json")
    assert (tmp_path / "x.json").read_text() == (tmp_path / "y.json").read_text()


def test_demo_refuses_to_overwrite(tmp_path):
    path = tmp_path / "d.alis"
    path.write_text("mine")
    proc = run_cli("demo", path, check=False)
    assert proc.returncode == 2 and "finnes allerede" in proc.stderr
    assert path.read_text() == "mine"


def test_failed_import_leaves_no_file(tmp_path):
    (tmp_path / "bad.json").write_text('{"format": "alis-desktop", "doctors": [{"id": 1}]}')
    proc = run_cli("import", tmp_path / "new.alis", tmp_path / "bad.json", check=False)
    assert proc.returncode == 2
    assert "doctors id=1" in proc.stderr and "Navn må fylles ut" in proc.stderr
    assert not (tmp_path / "new.alis").exists()


def test_check_reports_a_foreign_file(tmp_path):
    path = tmp_path / "x.alis"
    path.write_bytes(b"not a database" * 100)
    proc = run_cli("check", path, check=False)
    assert proc.returncode == 1
    assert "ikke en ALIS Desktop-fil" in proc.stdout


def test_backup_command(tmp_path, demo_file):
    proc = run_cli("backup", demo_file, "--to", tmp_path / "kopier")
    copies = list((tmp_path / "kopier").glob("*.alis"))
    assert len(copies) == 1 and str(copies[0]) in proc.stdout
    conn = sqlite3.connect(copies[0])
    assert conn.execute("SELECT count(*) FROM doctors").fetchone()[0] == 12


def test_screenshot_of_every_view(tmp_path, demo_file):
    """`alis-desktop FILE --screenshot OUT --view NAME` renders offscreen and exits 0."""
    from PIL import Image  # matplotlib brings Pillow
    for view in ("overview", "doctors", "arenas", "supervision", "meetings", "reports"):
        out = tmp_path / f"{view}.png"
        run_cli(demo_file, "--screenshot", out, "--view", view,
                env={"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "cfg")})
        with Image.open(out) as img:
            assert img.size[0] >= 1000 and img.size[1] >= 700
            colours = img.convert("RGB").getcolors(maxcolors=1 << 20)
            assert colours is None or len(colours) > 50  # a real window, not a blank image


def test_screenshot_of_a_newer_file_fails_cleanly(tmp_path):
    path = tmp_path / "ny.alis"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.execute("CREATE TABLE t (a)")
    conn.commit()
    conn.close()
    proc = run_cli(path, "--screenshot", tmp_path / "s.png", check=False,
                   env={"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "cfg")})
    assert proc.returncode == 2 and "nyere versjon" in proc.stderr
    assert not (tmp_path / "s.png").exists()


def test_status_json_matches_the_rules_engine(tmp_path, demo_file):
    """`status --json` prints, per doctor, what the engine computes for the same file."""
    from datetime import date

    from db.store import Store
    proc = run_cli("status", demo_file, "--json", "--as-of", "26.11.2026")
    report = json.loads(proc.stdout)
    assert report["format"] == "alis-desktop-status" and len(report["doctors"]) == 12
    store = Store.open(demo_file, read_only=True)
    try:
        expected = store.progress(date(2026, 11, 26))
    finally:
        store.close()
    for d in report["doctors"]:
        p = expected[d["id"]]
        assert abs(d["counted_months"] - p.counted_months) < 1e-3
        assert d["projected_completion"] == (p.projected_completion.isoformat()
                                             if p.projected_completion else None)
        ids = [r["id"] for r in d["requirements"]]
        assert ids == [r.id for r in p.requirements]
        assert {"total_service", "gp_unselected_min"} <= set(ids)
        for r in d["requirements"]:
            assert r["kind"] in ("regulation", "plan") and r["basis"]
    one = json.loads(run_cli("status", demo_file, "--json", "--doctor", 3).stdout)
    assert [d["id"] for d in one["doctors"]] == [3]
