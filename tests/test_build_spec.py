"""build.spec makes a windowed program and a console twin in one folder (Windows prints
nothing from a windowed program), and on macOS an .app that opens .alis files."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import pytest

from tests.conftest import ROOT


def run_spec(platform: str) -> dict[str, list]:
    """Execute build.spec with PyInstaller's build steps recorded instead of run."""
    calls: dict[str, list] = {"EXE": [], "COLLECT": [], "BUNDLE": []}

    def recorder(kind):
        def step(*args, **kwargs):
            result = SimpleNamespace(kind=kind, args=args, kwargs=kwargs, pure=[], scripts=[],
                                     binaries=[], datas=[])
            calls.setdefault(kind, []).append(result)
            return result
        return step

    namespace = {"SPECPATH": str(ROOT), "__file__": str(ROOT / "build.spec"),
                 **{k: recorder(k) for k in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}}
    source = (ROOT / "build.spec").read_text(encoding="utf-8")
    source = source.replace("hiddenimports=own_modules()", "hiddenimports=[]")
    real = sys.platform
    sys.platform = platform
    try:
        exec(compile(source, "build.spec", "exec"), namespace)
    finally:
        sys.platform = real
    return calls


@pytest.mark.parametrize("platform", ["win32", "darwin", "linux"])
def test_two_programs_share_one_folder(platform):
    calls = run_spec(platform)
    programs = {e.kwargs["name"]: e.kwargs["console"] for e in calls["EXE"]}
    assert programs == {"alis-desktop": False, "alis-desktop-cli": True}
    (collect,) = calls["COLLECT"]
    assert {a.kwargs["name"] for a in collect.args if getattr(a, "kind", "") == "EXE"} == \
        set(programs)


def test_the_mac_app_opens_alis_documents():
    (bundle,) = run_spec("darwin")["BUNDLE"]
    assert bundle.kwargs["name"] == "ALIS Desktop.app"
    (doc_type,) = bundle.kwargs["info_plist"]["CFBundleDocumentTypes"]
    assert doc_type["CFBundleTypeExtensions"] == ["alis"]
    assert run_spec("win32")["BUNDLE"] == []
