"""A file in a OneDrive, Dropbox, Google Drive or iCloud folder is recognised from its path,
in each service's usual layout on Windows and macOS; ordinary folders are not."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath

import pytest

from alis_desktop.synced import synced_folder, warning


@pytest.mark.parametrize("path, service, folder", [
    # Windows
    (r"C:\Users\bjørn\OneDrive - Fjordvik kommune\Dokumenter\ALIS Desktop\alis.alis",
     "OneDrive", r"C:\Users\bjørn\OneDrive - Fjordvik kommune"),
    (r"C:\Users\bjørn\OneDrive\Documents\alis.alis", "OneDrive", r"C:\Users\bjørn\OneDrive"),
    (r"C:\Users\Åse Ø\Dropbox\ALIS\alis.alis", "Dropbox", r"C:\Users\Åse Ø\Dropbox"),
    (r"C:\Users\åse\Dropbox (Fjordvik kommune)\ALIS\alis.alis", "Dropbox",
     r"C:\Users\åse\Dropbox (Fjordvik kommune)"),
    (r"G:\Min disk\ALIS\alis.alis", "Google Drive", r"G:\Min disk"),
    (r"G:\My Drive\alis.alis", "Google Drive", r"G:\My Drive"),
    (r"G:\Delte disker\Helse\alis.alis", "Google Drive", r"G:\Delte disker"),
    (r"C:\Users\per\Google Drive\alis.alis", "Google Drive", r"C:\Users\per\Google Drive"),
    (r"C:\Users\per\iCloudDrive\ALIS\alis.alis", "iCloud Drive", r"C:\Users\per\iCloudDrive"),
    # macOS
    ("/Users/bjorn/Library/CloudStorage/OneDrive-FjordvikKommune/ALIS/alis.alis", "OneDrive",
     "/Users/bjorn/Library/CloudStorage/OneDrive-FjordvikKommune"),
    ("/Users/bjorn/Library/CloudStorage/OneDrive-Personal/alis.alis", "OneDrive",
     "/Users/bjorn/Library/CloudStorage/OneDrive-Personal"),
    ("/Users/bjorn/Library/CloudStorage/Dropbox/ALIS/alis.alis", "Dropbox",
     "/Users/bjorn/Library/CloudStorage/Dropbox"),
    ("/Users/bjorn/Library/CloudStorage/GoogleDrive-bjorn@fjordvik.kommune.no/Min disk/a.alis",
     "Google Drive", "/Users/bjorn/Library/CloudStorage/GoogleDrive-bjorn@fjordvik.kommune.no"),
    ("/Users/bjorn/Library/Mobile Documents/com~apple~CloudDocs/ALIS/alis.alis",
     "iCloud Drive", "/Users/bjorn/Library/Mobile Documents/com~apple~CloudDocs"),
    ("/Users/bjorn/Dropbox/alis.alis", "Dropbox", "/Users/bjorn/Dropbox"),
    ("/Volumes/GoogleDrive/My Drive/alis.alis", "Google Drive", "/Volumes/GoogleDrive"),
])
def test_each_service_is_recognised_with_its_folder(path, service, folder):
    found = synced_folder(path)
    assert found is not None and (found.service, found.folder) == (service, folder)


def test_path_objects_of_either_os_work():
    assert synced_folder(PureWindowsPath(r"C:\Users\a\OneDrive\x.alis")).service == "OneDrive"
    assert synced_folder(PurePosixPath("/Users/a/Dropbox/x.alis")).service == "Dropbox"


@pytest.mark.parametrize("path", [
    r"C:\Users\bjørn\Documents\ALIS Desktop\alis.alis",
    r"H:\ALIS\alis.alis",
    r"\\fil01\hjem$\bjørn\ALIS data\alis.alis",
    r"C:\Users\bjørn\Documents\Om OneDrive-avtalen\alis.alis",  # a word, not the root
    "/Users/bjorn/Documents/ALIS Desktop/alis.alis",
    "/home/bjorn/alis.alis",
    "/Users/bjorn/Library/Application Support/ALIS Desktop/alis.alis",
])
def test_ordinary_folders_are_not_flagged(path):
    assert synced_folder(path) is None


def test_the_warning_names_the_service_says_why_and_what_instead():
    text = warning(synced_folder(r"C:\Users\b\OneDrive - Fjordvik kommune\alis.alis"))
    assert "er synkronisert med OneDrive" in text
    assert "motstridende kopier" in text  # why
    assert "lokal mappe" in text and "nettverksstasjon" in text  # what instead
