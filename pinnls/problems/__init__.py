"""The bundled problem files, shipped with the package so that ``pinnls solve example:NAME``
works after ``pip install``.

In the repository they are symbolic links to ``problems/``, the one copy that is edited; a
built wheel holds their contents. ``tests/test_cli_start.py`` checks that every bundled problem
is shipped. Nothing imports these modules: the command line runs them as problem files.
"""
