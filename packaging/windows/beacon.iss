; Inno Setup 6 script: Beacon for Windows (per-user or all-users install, Start-menu entry,
; uninstaller, beacon:// link handler). Built by packaging/windows/build.ps1:
;   iscc /DAppVersion=0.1.0 /DSourceDir=..\..\build\package\dist\beacon packaging\windows\beacon.iss
; The app folder comes from PyInstaller (packaging/beacon.spec).

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\build\package\dist\beacon"
#endif

[Setup]
; A fixed AppId: upgrades replace the same installation; never change it.
AppId={{8E0C2C55-3B7A-4D9B-9C55-6A1F0B7E2A11}
AppName=Beacon
AppVersion={#AppVersion}
AppVerName=Beacon {#AppVersion}
AppPublisher=The Beacon developers
DefaultDirName={autopf}\Beacon
DefaultGroupName=Beacon
DisableProgramGroupPage=yes
; Per-user by default (no administrator needed); the dialog offers all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=Beacon-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\beacon.ico
UninstallDisplayIcon={app}\beacon-gui.exe
UninstallDisplayName=Beacon
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Beacon may be running (tray): ask to close it, restart it after an upgrade.
CloseApplications=yes
RestartApplications=yes
ChangesAssociations=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Beacon"; Filename: "{app}\beacon-gui.exe"; AppUserModelID: "io.beacon.Beacon"
Name: "{autodesktop}\Beacon"; Filename: "{app}\beacon-gui.exe"; Tasks: desktopicon

[Registry]
; beacon://message/<channel>/<id>: the link is the only argument (desktop/linkscheme.py refuses anything else).
Root: HKA; Subkey: "Software\Classes\beacon"; ValueType: string; ValueData: "URL:Beacon link"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\beacon"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\beacon\DefaultIcon"; ValueType: string; ValueData: """{app}\beacon-gui.exe"",0"
Root: HKA; Subkey: "Software\Classes\beacon\shell\open\command"; ValueType: string; ValueData: """{app}\beacon-gui.exe"" ""%1"""
; Start at login is a setting in Beacon (desktop/autostart.py writes HKCU Run\Beacon). The installer
; never turns it on; the uninstaller removes it (ValueType none: create nothing, delete on uninstall).
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: none; ValueName: "Beacon"; Flags: uninsdeletevalue

[Run]
Filename: "{app}\beacon-gui.exe"; Description: "{cm:LaunchProgram,Beacon}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the app itself left in its folder; the profile (%LOCALAPPDATA%\Beacon) is the user's and stays.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"
