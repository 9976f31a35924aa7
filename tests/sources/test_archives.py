import io
import tarfile
import zipfile

import pytest

from sources.archives import ArchiveError, Limits, read_members
from tests.sources.conftest import FIXTURES

ADMIN = FIXTURES / "justice-administrative"


def make_zip(path, entries):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return path


def test_folder_reads_every_xml_in_name_order():
    members = list(read_members(ADMIN))
    assert members[0].name == "ORCE_448988_20210726.xml"
    assert len(members) == 7
    assert all(m.data for m in members)


def test_zip_as_published_with_a_folder_per_court(tmp_path):
    data = (ADMIN / "ORTA_2520143_20251205.xml").read_bytes()
    path = make_zip(
        tmp_path / "TA_202512.zip", [("TA_202512/TA95/ORTA_2520143_20251205.xml", data)]
    )
    [member] = read_members(path)
    assert member.data == data


def test_zip_with_a_path_leaving_the_archive_is_refused_whole(tmp_path):
    path = make_zip(tmp_path / "evil.zip", [("ok.xml", b"<a/>"), ("../../etc/evil.xml", b"<a/>")])
    with pytest.raises(ArchiveError, match="outside the archive"):
        list(read_members(path))
    assert not (tmp_path.parent / "etc").exists()


def test_tar_with_an_absolute_path_is_refused(tmp_path):
    path = tmp_path / "evil.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("/tmp/evil.xml")
        info.size = 4
        archive.addfile(info, io.BytesIO(b"<a/>"))
    with pytest.raises(ArchiveError, match="outside the archive"):
        list(read_members(path))


def test_archive_unpacking_past_the_cap_is_refused(tmp_path):
    path = make_zip(tmp_path / "big.zip", [(f"{i}.xml", b"x" * 1000) for i in range(5)])
    with pytest.raises(ArchiveError, match="unpacks past the cap"):
        list(read_members(path, limits=Limits(unpacked=4000)))


def test_archive_with_too_many_entries_is_refused(tmp_path):
    path = make_zip(tmp_path / "many.zip", [(f"{i}.xml", b"<a/>") for i in range(5)])
    with pytest.raises(ArchiveError, match="over the cap of 4"):
        list(read_members(path, limits=Limits(entries=4)))


def test_file_over_the_per_file_limit_is_skipped_not_read(tmp_path):
    path = make_zip(tmp_path / "one.zip", [("big.xml", b"x" * 100), ("small.xml", b"<a/>")])
    big, small = read_members(path, limits=Limits(per_file=50))
    assert big.data is None and big.size == 100
    assert small.data == b"<a/>"
