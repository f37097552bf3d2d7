"""Writing an output file: atomically for a plain file; links, devices and pipes kept."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from aipm_planner.export import write_atomic


def test_a_plain_file_is_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    path.write_bytes(b"old")
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]  # no temporary file left


def test_a_link_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    target = tmp_path / "target.ics"
    target.write_bytes(b"old")
    link = tmp_path / "link.ics"
    link.symlink_to(target.name)
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert target.read_bytes() == b"new"


def test_a_device_is_written_into_not_replaced() -> None:
    write_atomic(os.devnull, b"discarded")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_pipe_is_written_into_when_read(tmp_path: Path) -> None:
    pipe = tmp_path / "plan.ics"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # a program reading the pipe
    try:
        write_atomic(pipe, b"BEGIN:VCALENDAR")
        assert os.read(reader, 100) == b"BEGIN:VCALENDAR"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_pipe_nobody_reads_is_an_error_not_a_hang(tmp_path: Path) -> None:
    pipe = tmp_path / "plan.ics"
    os.mkfifo(pipe)
    with pytest.raises(OSError, match="no program reads from this pipe"):
        write_atomic(pipe, b"data")
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
