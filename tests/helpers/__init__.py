"""What the tests share, imported by name (conftest.py holds only fixtures and hooks).

- `clock`: a fixed clock and fixed shuffle seeds;
- `packs`: the fixture packs' folders and `write_pack` for a one-lesson pack;
- `builders`: model objects (course, lesson, quiz) made directly, no pack on disk;
- `paths`: a learner's way through a pack, recorded in a store;
- `keys`: keys as a terminal delivers them, and the record's invariants;
- `lrs`: a stand-in xAPI LRS on 127.0.0.1.
"""
