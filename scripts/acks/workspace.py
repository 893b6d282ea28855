"""A coordinator's workspace: the roster, the log, the secret and the reminders, kept apart
from the content repository (which every editor clones and sends pull requests to).

    DIR/so-tay-workspace.yml   the workspace's settings (zone of the form, content repository)
    DIR/reporters.csv          the roster (personal data)
    DIR/provinces.csv          the 34 provinces and the 63 former ones (copied at `ack init`)
    DIR/acks/                  the append-only log
    DIR/ack-secret             the secret that signs personal links (mode 600, never committed)
    DIR/reminders/, rejects/   written by `ack remind` and `ack import --skip-bad` (git-ignored)

The workspace is given once (`--workspace DIR` or $HANDBOOK_WORKSPACE) and remembered in a
one-line file of the user's configuration folder, so later commands find it alone. A
workspace inside the content repository is refused, except the fictional sample
(`data/sample-workspace/`) that tests and demos use.
"""
from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import DATA, ROOT, AckError, Problem
from .messages import pair, problem

CONFIG_NAME = "so-tay-workspace.yml"
ENV = "HANDBOOK_WORKSPACE"
SAMPLE = DATA / "sample-workspace"
DEFAULT_ZONE = "Asia/Ho_Chi_Minh"
AGGREGATE = DATA / "dashboard.json"  # the only acknowledgement file the site reads (ack publish writes it)

# Folders of a workspace whose files hold personal data written by commands, never committed.
PRIVATE_OUTPUTS = ("reminders", "rejects")
GITIGNORE = """# Tệp có dữ liệu cá nhân do các lệnh ghi ra: không đưa vào git, xoá sau khi gửi
# Files with personal data written by the commands: never commit them, delete them after sending
reminders/
rejects/
*ack-secret*
*ack_secret*
.tmp-*.part
.import.lock
"""

README = """# Không gian làm việc của điều phối viên (Sổ tay Báo cáo viên)

Thư mục này chứa **dữ liệu cá nhân** của báo cáo viên: danh sách (`reporters.csv`), nhật ký
xác nhận (`acks/`), khoá ký đường dẫn (`ack-secret`), danh sách nhắc (`reminders/`). Không
bao giờ chép thư mục này vào kho nội dung của Sổ tay, không gửi nó qua pull request. Chỉ
tệp tổng hợp `data/dashboard.json` (do `python -m scripts ack publish` ghi, không có tên,
mã, email hay số điện thoại của ai) được đưa vào kho nội dung.

Nếu lưu thư mục này trong git, dùng một kho **riêng tư** chỉ điều phối viên đọc được;
`.gitignore` đã loại `reminders/`, `rejects/` và khoá bí mật.

Việc hằng tháng: xem hướng dẫn cho điều phối viên trong Sổ tay
(`docs/contributing/coordinators.vi.md`).

1. `python -m scripts ack import TỆP_XUẤT` — nhập tệp xuất của biểu mẫu.
2. `python -m scripts ack report` — xem tỉ lệ.
3. `python -m scripts ack remind` — danh sách nhắc (CSV và XLSX) trong `reminders/`.
4. `python -m scripts ack publish` — ghi `data/dashboard.json` vào kho nội dung.
5. Mở pull request chỉ với `data/dashboard.json`.

## English

This folder holds the reporters' **personal data**: the roster, the acknowledgement log,
the link-signing secret, the reminder lists. Never copy it into the handbook's content
repository or send it in a pull request. Only the aggregate `data/dashboard.json` (written
by `python -m scripts ack publish`; no name, id, e-mail or phone) goes there. If you keep
this folder in git, use a **private** repository; `.gitignore` leaves out reminders,
rejects and the secret. Monthly routine: see the coordinators' guide
(`docs/contributing/coordinators.en.md`).
"""


def write_text_atomic(path: Path, text: str) -> Path:
    """Replace `path` with `text` in one step (a temporary file in its folder, then a rename)."""
    import tempfile
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # a public file of the content repository (mkstemp makes it private)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def config_home() -> Path:
    """The user's configuration folder (where the workspace is remembered)."""
    if os.environ.get("APPDATA") and os.name == "nt":
        return Path(os.environ["APPDATA"]) / "so-tay"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "so-tay"


def _pointer() -> Path:
    return config_home() / "workspace"


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def is_sample(path: Path) -> bool:
    return _inside(path, SAMPLE)


@dataclass
class Workspace:
    root: Path
    zone: str = DEFAULT_ZONE
    content: Path | None = None  # the content repository `ack publish` writes into

    @property
    def roster(self) -> Path:
        return self.root / "reporters.csv"

    @property
    def acks(self) -> Path:
        return self.root / "acks"

    @property
    def provinces(self) -> Path:
        own = self.root / "provinces.csv"
        return own if own.exists() else DATA / "provinces.csv"

    @property
    def reminders(self) -> Path:
        return self.root / "reminders"

    @property
    def rejects(self) -> Path:
        return self.root / "rejects"

    @property
    def secret(self) -> Path | None:
        path = self.root / "ack-secret"
        return path if path.exists() else None

    @property
    def sample(self) -> bool:
        return is_sample(self.root)

    def private_outputs(self) -> list[Path]:
        return [self.root / name for name in PRIVATE_OUTPUTS]


def _problem(where, rule_message: tuple[str, str]) -> AckError:
    return AckError(Problem(str(where), 0, *rule_message))


def _refuse_in_repo(path: Path, repo: Path = ROOT) -> None:
    if _inside(path, repo) and not is_sample(path):
        raise _problem(path, pair("workspace-in-repo", "workspace.refuse-in-repo", repo=repo))


def load(path: Path | str) -> Workspace:
    """The workspace at `path` (its config file read), or AckError."""
    root = Path(path).expanduser()
    _refuse_in_repo(root)
    config = root / CONFIG_NAME
    if not config.is_file():
        raise _problem(root, pair("no-workspace", "workspace.load", root=root, config_name=CONFIG_NAME))
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        raise _problem(config, pair("bad-workspace", "workspace.load-2", config_name=CONFIG_NAME)) from None
    if not isinstance(data, dict):
        raise _problem(config, pair("bad-workspace", "workspace.load", config_name=CONFIG_NAME))
    zone = str(data.get("zone") or DEFAULT_ZONE)
    check_zone(zone, config)
    content = data.get("content")
    return Workspace(root=root, zone=zone, content=Path(content).expanduser() if content else None)


def check_zone(zone: str, where="--zone") -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise _problem(where, pair("bad-zone", "workspace.check-zone", zone=zone)) from None
    return zone


def resolve(given: str | None = None, remember: bool = True) -> Workspace:
    """--workspace, then $HANDBOOK_WORKSPACE, then the remembered one; AckError [no-workspace] when none."""
    source = given or os.environ.get(ENV) or None
    if source:
        ws = load(source)
        if remember and not ws.sample:
            _remember(ws.root)
        return ws
    pointer = _pointer()
    if pointer.is_file():
        remembered = pointer.read_text(encoding="utf-8").strip()
        if remembered:
            return load(remembered)
    raise _problem("--workspace", pair("no-workspace", "workspace.resolve", env=ENV))


def _remember(root: Path) -> None:
    pointer = _pointer()
    try:
        pointer.parent.mkdir(parents=True, exist_ok=True)
        text = str(root.resolve())
        if not pointer.exists() or pointer.read_text(encoding="utf-8").strip() != text:
            pointer.write_text(text + "\n", encoding="utf-8")
    except OSError:
        pass  # remembering is a convenience: the command itself goes on


def init(path: Path | str, zone: str = DEFAULT_ZONE, content: Path | None = None) -> Workspace:
    """Create a workspace (refusing one inside the content repository or a non-empty folder)."""
    root = Path(path).expanduser()
    _refuse_in_repo(root)
    check_zone(zone)
    if (root / CONFIG_NAME).exists():
        raise _problem(root, pair("workspace-exists", "workspace.init", root=root))
    if root.exists() and any(root.iterdir()):
        raise _problem(root, pair("workspace-exists", "workspace.init-2", root=root))
    root.mkdir(parents=True, exist_ok=True)
    (root / "acks").mkdir()
    shutil.copyfile(DATA / "provinces.csv", root / "provinces.csv")
    from .roster import ROSTER_COLUMNS
    (root / "reporters.csv").write_text(",".join(ROSTER_COLUMNS) + "\n", encoding="utf-8")
    (root / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    (root / "README.md").write_text(README, encoding="utf-8")
    content = content or ROOT
    (root / CONFIG_NAME).write_text(
        "# Không gian làm việc của điều phối viên / coordinator's workspace (python -m scripts ack init)\n"
        f"created: {dt.date.today().isoformat()}\n"
        "# múi giờ biểu mẫu ghi thời gian không kèm múi giờ / zone of times written without an offset\n"
        f"zone: {zone}\n"
        "# kho nội dung mà ack publish ghi data/dashboard.json vào / content repository ack publish writes to\n"
        f"content: {yaml.safe_dump(str(Path(content).resolve()), default_flow_style=True).strip().removesuffix('...').strip()}\n",
        encoding="utf-8")
    secret = root / "ack-secret"
    fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_urlsafe(32) + "\n")
    _remember(root)
    return load(root)


def _git(path: Path) -> str:
    """'ignored', 'repo' (inside a git work tree, not ignored) or 'none' (no repository), for a path
    that may not exist yet (git is asked from its nearest existing folder)."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        inside = subprocess.run(["git", "-C", str(folder), "rev-parse", "--is-inside-work-tree"],
                                capture_output=True, text=True, timeout=10)
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            return "none"
        ignored = subprocess.run(["git", "-C", str(folder), "check-ignore", "-q", "--no-index", str(path)],
                                 capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "repo"  # cannot tell: treat as a place git may commit
    return "ignored" if ignored.returncode == 0 else "repo"


def check_private_output(path: Path | str, option: str, ws: Workspace | None, inputs=(),
                         is_file: bool = False) -> None:
    """A file with personal data (reminders, rejects, links, a status list) is written only inside
    the coordinator's workspace (never into its log) or into a folder git ignores, and never over an
    input (the exports being imported, the roster, a log file). Without a workspace (explicit
    --roster/--acks) a folder outside any git repository is accepted too."""
    target = Path(path).expanduser().absolute()
    resolved = target.resolve()
    for given in inputs:
        if given is None:
            continue
        given = Path(given).resolve()
        if given == resolved or (not is_file and _inside(given, resolved)):
            raise _problem(option, pair("unsafe-output", "workspace.check-private-output-2", path=path,
                                        given_name=given.name))
    if ws is not None and _inside(target, ws.root) and not _inside(target, ws.acks):
        return
    probe = target if is_file else target / "x.csv"
    state = _git(probe)
    if state == "ignored" or (state == "none" and ws is None):
        return
    where = f"trong không gian làm việc ({ws.root}, ví dụ {ws.reminders})" if ws else "ngoài kho git"
    raise _problem(option, pair("unsafe-output", "workspace.check-private-output", path=path, place=where))


# --------------------------------------------------------------------------- [roster-in-repo]
SCANNED_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
_SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "site", "__pycache__", ".pytest_cache", ".bench"}


def _header_keys():
    from ..model.languages import codes, strings
    from .importer import ALIASES, header_key
    ids = {header_key(a) for a in ALIASES["reporter_id"]}
    personal = {header_key(a) for f in ("email", "phone") for a in ALIASES[f]}
    personal |= {header_key(a) for a in ("full_name", "full name", "name", "Họ tên", "Họ và tên", "Tên")}
    for lang in codes():
        t = strings(lang, "remind")
        ids.add(header_key(t["reporter_id"]))
        personal |= {header_key(t[k]) for k in ("full_name", "email", "phone")}
    log = ({header_key(a) for a in ALIASES["update_id"]}, {header_key(a) for a in ALIASES["acknowledged_at"]})
    return ids, personal, log


def _first_row(path: Path) -> list[str]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            import openpyxl
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                for ws in wb.worksheets:
                    for row in ws.iter_rows(max_row=1, max_col=60, values_only=True):
                        return [str(c or "") for c in row]
            finally:
                wb.close()
        except Exception:  # noqa: BLE001 - a damaged workbook is no roster
            return []
        return []
    try:
        with open(path, "rb") as f:
            head = f.read(64 * 1024)
    except OSError:
        return []
    for enc in ("utf-8-sig", "utf-16"):
        try:
            text = head.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = head.decode("latin-1")
    first = text.splitlines()[0] if text.splitlines() else ""
    import re
    return re.split(r"[,;\t|]", first)


def roster_shaped(path: Path) -> bool:
    """Whether a data file's first row is a roster's (an id column and a name or contact column) or a
    log's (an id, an update and a time column)."""
    from .importer import header_key
    ids, personal, (updates, times) = _header_keys()
    keys = {header_key(c.strip().strip('"')) for c in _first_row(path)}
    return bool(keys & ids) and bool(keys & personal or (keys & updates and keys & times))


def _repo_files(repo: Path) -> list[Path]:
    """Files git would commit (tracked or untracked, not ignored); every file when git cannot say."""
    try:
        proc = subprocess.run(["git", "-C", str(repo), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                              capture_output=True, timeout=60)
        if proc.returncode == 0:
            return [repo / p for p in proc.stdout.decode("utf-8", "replace").split("\0") if p]
    except (OSError, subprocess.SubprocessError):
        pass
    out = []
    for folder, dirs, files in os.walk(repo):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS]
        out += [Path(folder) / f for f in files]
    return out


def rosters_in_repo(repo: Path = ROOT, sample: Path | None = None) -> list[Problem]:
    """[roster-in-repo] for every roster- or log-shaped data file of the content repository outside
    the fictional sample workspace: personal data must live in a workspace of its own."""
    sample = sample or repo / SAMPLE.relative_to(ROOT)
    problems = []
    for path in sorted(_repo_files(repo)):
        if not path.name.lower().endswith(SCANNED_SUFFIXES) or _inside(path, sample) or not path.is_file():
            continue
        if roster_shaped(path):
            problems.append(problem(str(path.relative_to(repo)), 1, "roster-in-repo", "workspace.rosters-in-repo"))
    return problems


__all__ = ["Workspace", "resolve", "load", "init", "SAMPLE", "CONFIG_NAME", "ENV", "AGGREGATE",
           "check_private_output", "is_sample", "rosters_in_repo", "roster_shaped"]
