"""SSH sessions to VRP devices. The only module that imports netmiko."""

from __future__ import annotations

import errno
import socket

from vrpgen.errors import PushError
from vrpgen.push.targets import Credentials, Target


def fetch_running(target: Target, credentials: Credentials, timeout: float = 30.0) -> str:
    """`display current-configuration` of one device (REFERENCE §5.2: through send_command,
    whose prompt match is not fooled by the config's `#` lines)."""
    # netmiko takes about half a second to import: only the commands that reach devices pay.
    from netmiko import ConnectHandler
    from netmiko.exceptions import (
        NetmikoAuthenticationException,
        NetmikoTimeoutException,
        ReadTimeout,
    )

    # Errors are raised `from None`: netmiko's exceptions and their chains can carry the
    # connection arguments, and no secret may reach a message, log or report.
    phase = "connect"
    try:
        connection = ConnectHandler(
            device_type=target.device_type, host=target.host, port=target.port,
            username=credentials.username, password=credentials.password,
            timeout=timeout, conn_timeout=timeout, auth_timeout=timeout, banner_timeout=timeout,
            fast_cli=False)
        try:
            phase = "fetch"
            output = connection.send_command("display current-configuration",
                                             read_timeout=timeout)
            text = output if isinstance(output, str) else str(output)
        finally:
            connection.disconnect()
    except NetmikoAuthenticationException:
        raise PushError(f"{target.name}: authentication failed for user "
                        f"{credentials.username!r}") from None
    except ReadTimeout:
        raise PushError(f"{target.name}: timed out during {phase} "
                        f"({target.host}:{target.port})") from None
    except NetmikoTimeoutException as exc:
        # netmiko reports every TCP failure as a timeout; the socket error it caught says which
        failure = connect_failure(exc)
        if failure in (None, TIMED_OUT):
            raise PushError(f"{target.name}: timed out during {phase} "
                            f"({target.host}:{target.port})") from None
        raise PushError(f"{target.name}: cannot connect to {target.host}:{target.port}: "
                        f"{failure}") from None
    except (OSError, EOFError, ValueError) as exc:
        failure = connect_failure(exc)
        detail = failure or f"{type(exc).__name__}: {_clean(str(exc), credentials)}"
        raise PushError(f"{target.name}: {phase} failed: {detail}") from None
    if not text.rstrip().endswith("return"):
        raise PushError(f"{target.name}: incomplete configuration read (no final `return`)")
    return text


TIMED_OUT = "timed out"
_UNREACHABLE = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EHOSTDOWN,
                          errno.ENETDOWN})


def connect_failure(exc: BaseException) -> str | None:
    """What a failed TCP connection met, from the socket error under `exc` (netmiko and paramiko
    keep it as the implicit context): "connection refused", "host unreachable", "DNS lookup
    failed", "timed out", or None when there is no socket error to read."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        found = _socket_failure(cause)
        if found is not None:
            return found
        cause = cause.__cause__ or cause.__context__
    return None


def _socket_failure(exc: BaseException) -> str | None:
    if isinstance(exc, socket.gaierror):
        return "DNS lookup failed"
    if isinstance(exc, TimeoutError):  # socket.timeout is TimeoutError since Python 3.10
        return TIMED_OUT
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, OSError) and exc.errno in _UNREACHABLE:
        return "host unreachable"
    # paramiko's NoValidConnectionsError: one socket error per address tried
    errors = getattr(exc, "errors", None)
    if isinstance(errors, dict):
        kinds = {_socket_failure(e) for e in errors.values() if isinstance(e, BaseException)}
        kinds.discard(None)
        if kinds:
            return " / ".join(sorted(k for k in kinds if k is not None))
    return None


def _clean(text: str, credentials: Credentials) -> str:
    return text.replace(credentials.password, "********") if credentials.password else text
