; Inno Setup script: a per-user installer for ALIS Desktop on Windows 10/11.
;  - no administrator rights: installs to %LOCALAPPDATA%\Programs\ALIS Desktop and writes
;    only to the user's part of the registry (HKCU), so it runs on an office PC without admin;
;  - a Start-menu entry (a desktop icon when asked for);
;  - .alis files open in ALIS Desktop (double-click);
;  - an uninstaller (Innstillinger -> Apper), which removes the program and the association
;    but never the leader's files.
; Built by CI (.github/workflows/build.yml) from PyInstaller's dist\alis-desktop folder:
;   iscc /DAppVersion=0.1.0 packaging\windows\alis-desktop.iss
#define AppName "ALIS Desktop"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define SourceDir "..\..\dist\alis-desktop"
#define ProgId "ALISDesktop.File"

[Setup]
; Fixed: upgrades replace the installed version instead of installing beside it.
AppId={{6E0E2B4C-5A7B-4C1E-9C55-3B7D2F8A1A16}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=ALIS Desktop
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
OutputDir=..\..\dist
OutputBaseFilename=alis-desktop-{#AppVersion}-oppsett
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\alis-desktop.exe
CloseApplications=yes

[Languages]
Name: "norwegian"; MessagesFile: "compiler:Languages\Norwegian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\alis-desktop.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\alis-desktop.exe"; Tasks: desktopicon

[Registry]
; HKA is HKCU in a per-user install: the file type without administrator rights.
Root: HKA; Subkey: "Software\Classes\.alis"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.alis\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "ALIS Desktop-fil"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\alis-desktop.exe,0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\alis-desktop.exe"" ""%1"""

[Run]
Filename: "{app}\alis-desktop.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
