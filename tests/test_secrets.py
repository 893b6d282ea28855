"""The acknowledgement secret (scripts/acks/links.py): at least 32 random bytes, readable by its
owner only, never in the repository, also not in a `.env`-style file that `check` would miss."""
from __future__ import annotations

import secrets

import pytest

from scripts.acks import AckError, links

GOOD = secrets.token_hex(32).encode()


def _file(tmp_path, data: bytes, mode: int = 0o600):
    path = tmp_path / "ack-secret"
    path.write_bytes(data + b"\n")
    path.chmod(mode)
    return path


@pytest.mark.parametrize("data", [b"x", b"a" * 64, b"bi-mat-thu-nghiem-khong-dung-that", b"matkhau" * 5,
                                  secrets.token_hex(15).encode()])
def test_a_short_or_non_random_secret_is_refused(tmp_path, monkeypatch, data):
    monkeypatch.delenv(links.ENV, raising=False)
    with pytest.raises(AckError) as exc:
        links.load_secret(str(_file(tmp_path, data)), root=tmp_path / "repo")
    assert exc.value.problems[0].rule == "weak-secret" and "token_hex(32)" in exc.value.problems[0].message
    monkeypatch.setenv(links.ENV, data.decode())
    with pytest.raises(AckError):
        links.load_secret(None, root=tmp_path / "repo")


@pytest.mark.parametrize("good", [GOOD, secrets.token_urlsafe(32).encode(), secrets.token_bytes(32).replace(b"\n", b"x")
                                  .replace(b" ", b"y").replace(b"\r", b"z").replace(b"\t", b"w")])
def test_a_random_32_byte_secret_readable_by_its_owner_only_is_accepted(tmp_path, good):
    assert links.load_secret(str(_file(tmp_path, good)), root=tmp_path / "repo") == good.strip()


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o666, 0o620, 0o602])
def test_a_secret_file_others_can_read_or_write_is_refused(tmp_path, mode):
    with pytest.raises(AckError) as exc:
        links.load_secret(str(_file(tmp_path, GOOD, mode)), root=tmp_path / "repo")
    assert exc.value.problems[0].rule == "secret-permissions" and "chmod 600" in exc.value.problems[0].message


def test_env_files_in_the_repository_are_scanned_at_the_line(tmp_path):
    repo = tmp_path / "repo"
    (repo / "deploy").mkdir(parents=True)
    (repo / ".env").write_text("# local settings\nSITE_URL=https://example.org/\nHANDBOOK_ACK_SECRET=" + GOOD.decode()
                               + "\n", encoding="utf-8")
    (repo / "deploy" / "prod.env").write_text("export API_TOKEN='abc123def'\nPASSWORD=\nDB_PASSWORD=changeme\n",
                                              encoding="utf-8")
    (repo / ".env.example").write_text("HANDBOOK_ACK_SECRET=<your secret>\n", encoding="utf-8")
    (repo / "node_modules").mkdir()
    (repo / "node_modules" / ".env").write_text("TOKEN=ignored\n", encoding="utf-8")
    found = [(p.path, p.line, p.rule) for p in links.env_file_problems(repo)]
    assert found == [(".env", 3, "secret-in-repo"), ("deploy/prod.env", 1, "secret-in-repo")]
    assert GOOD.decode() not in " ".join(p.message for p in links.env_file_problems(repo))
    assert [p.rule for p in links.secret_problems(None, repo)] == ["secret-in-repo"] * 2


def test_check_reports_an_env_secret_in_the_real_layout(tmp_path, monkeypatch, capsys):
    from conftest import ROOT

    from scripts import cli as top
    env = ROOT / ".env.i19a-test"
    env.write_text("HANDBOOK_ACK_SECRET=" + GOOD.decode() + "\n", encoding="utf-8")
    try:
        monkeypatch.setenv("CI", "false")
        assert top.main(["check"]) == 1
        assert ".env.i19a-test:1: [secret-in-repo]" in capsys.readouterr().out
    finally:
        env.unlink()
