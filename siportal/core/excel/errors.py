"""The one error a file can cause: refused as a whole, with a message for the user."""


class FileRefused(Exception):
    """The whole file is refused (wrong type, damaged, encrypted, hostile, too large…); ``str()`` is the message.

    ``code`` names the case for tests and logs: empty, executable, text, unknown, corrupt, encrypted, bomb,
    entities, not_spreadsheet, no_sheet, no_header, too_many_rows.
    """

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code
