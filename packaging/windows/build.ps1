# Build Beacon for Windows: PyInstaller folder -> Inno Setup installer, then smoke-test the
# frozen binaries. Run from the repository root in a venv with the project and
# packaging/requirements.txt installed; Inno Setup 6 (iscc.exe) on PATH (choco install innosetup).
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$Version = (python -c "import desktop; print(desktop.__version__)").Trim()
python -m PyInstaller --noconfirm --clean --log-level WARN `
  --distpath build/package/dist --workpath build/package/work packaging/beacon.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

$App = "build/package/dist/beacon"
& "$App/beacon.exe" --version; if ($LASTEXITCODE -ne 0) { throw "beacon --version failed" }
& "$App/beacon.exe" self-check; if ($LASTEXITCODE -ne 0) { throw "beacon self-check failed" }

iscc /Qp "/DAppVersion=$Version" "/DSourceDir=..\..\$App" packaging/windows/beacon.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }

# Install silently for this user, check the installed copy, uninstall.
$Setup = "dist/Beacon-$Version-windows-x64-setup.exe"
$Target = Join-Path ($env:RUNNER_TEMP ?? $env:TEMP) "BeaconTest"
Start-Process -Wait -FilePath $Setup -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES", "/CURRENTUSER", "/DIR=$Target"
& "$Target/beacon.exe" self-check; if ($LASTEXITCODE -ne 0) { throw "installed self-check failed" }
Start-Process -Wait -FilePath "$Target/unins000.exe" -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES"
Get-ChildItem dist | Format-Table Name, Length
