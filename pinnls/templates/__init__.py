"""Starter problem files of ``pinnls new NAME --template KIND``.

Each is a complete, commented problem file that ``pinnls check`` accepts; ``pinnls new``
copies one and puts NAME in place of ``__NAME__``. Nothing imports these modules.
"""
