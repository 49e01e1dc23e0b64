"""Over a folder replicated by a real Syncthing between two sites: bundles cross, and a fork made
while the sites were apart (two versions of one bundle) comes back as Syncthing's conflict copy,
which every laptop reports as a fork, keeping both; nothing is applied silently."""

from __future__ import annotations

import pytest

from continuity.services import identity, sync
from continuity.sync import bundle as b
from tests import syncthing_pair
from tests.conftest import add_woman
from tests.sync_helpers import make_laptops
from tests.test_sync_hostile import entry, forge

pytestmark = pytest.mark.skipif(not syncthing_pair.available(), reason="syncthing is not installed (make test installs it)")


@pytest.fixture
def sites(tmp_path, built_kit):
    a, b_node = syncthing_pair.make_pair(tmp_path / "syncthing")
    one = make_laptops(tmp_path / "site-a", built_kit, 1, share=a.folder)[0]
    two = make_laptops(tmp_path / "site-b", built_kit, 2, share=b_node.folder)[1]
    a.start()
    b_node.start()
    try:
        yield a, b_node, one, two
    finally:
        a.stop()
        b_node.stop()


def replicated(source, target_root):
    """The same bytes at the same place in the other site's replica."""
    def check():
        target = target_root / source.parent.name / source.name
        return target.exists() and target.read_bytes() == source.read_bytes()
    return check


def test_bundles_cross_between_sites_and_a_fork_made_apart_comes_back_as_a_reported_conflict_copy(sites):
    a, site_b, one, two = sites
    ipp = add_woman(one.session(), birth_name="Traversee")
    one.sync()
    syncthing_pair.wait_for(replicated(one.subfolder / b.file_name(1), site_b.folder), "laptop-1's first bundle to site B", [site_b.folder])
    two.sync()
    assert identity.find_patient(two.session(), ipp)
    back = add_woman(two.session(), birth_name="Retour")
    two.sync()
    syncthing_pair.wait_for(replicated(two.subfolder / b.file_name(1), a.folder), "laptop-2's first bundle to site A", [a.folder])
    one.sync()
    assert identity.find_patient(one.session(), back)
    assert one.state() == two.state()

    # The sites are cut apart. Laptop-1 writes its bundle 2 at site A; at site B another version of
    # laptop-1's bundle 2 appears (a restored copy of laptop-1 working there, with its key).
    site_b.stop()
    add_woman(one.session(), birth_name="SiteA")
    one.sync()
    other = site_b.folder / one.subfolder.name
    forged_laptop = type(one)(one.name, one.store, type(one.engine)(one.store, site_b.folder, user="restored", settle_seconds=0))
    first = b.parse((other / b.file_name(1)).read_bytes())
    forge(forged_laptop, [entry(one, "patient", "z" * 32, "birth_name", '"SITEB"')], bundle_no=2, prev=first.file_hash,
          after=first.header.last_seq)
    site_b.start()
    copies = syncthing_pair.wait_for(lambda: list(site_b.folder.rglob("*.sync-conflict-*.cbundle")) and
                                     list(a.folder.rglob("*.sync-conflict-*.cbundle")), "Syncthing's conflict copy at both sites", [a.folder, site_b.folder])
    syncthing_pair.wait_for(lambda: (a.folder / one.subfolder.name / b.file_name(2)).read_bytes()
                            == (site_b.folder / one.subfolder.name / b.file_name(2)).read_bytes(), "one version of bundle 2 at both sites", [a.folder, site_b.folder])
    two.sync()
    reasons = [q["reason"] for q in sync.status(two.session())["quarantined"]]
    assert "fork" in reasons, reasons  # told, with both versions kept
    assert copies[0].exists()  # Syncthing's copy is never removed
    one.sync()
    assert {q["reason"] for q in sync.status(one.session())["quarantined"]} & {"own_fork", "fork"}
