"""Owns the one exception type the integrator raises for bad input or a failed step.

An IntegratorError carries a single line that says what is wrong and what to do;
the command line prints it as `error: ...` and exits with status 2.
"""


class IntegratorError(Exception):
    """A user-facing failure: bad input, a missing tool or a failed sub-build."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
