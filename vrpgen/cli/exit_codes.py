"""The exit codes of every command (README: Exit codes; `vrpgen --help`)."""

EXIT_OK = 0
EXIT_FAILURE = 1  # invalid inventory, unreadable file, failed operation
EXIT_CHANGES = 2  # compare/diff: changes present (as diff(1))
EXIT_INTERNAL = 3  # a bug in vrpgen: reported with a traceback only under VRPGEN_DEBUG=1
EXIT_USAGE = 64  # a mistyped command line (sysexits EX_USAGE): never mistaken for "changes"
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell expects of `vrpgen diff | head`
