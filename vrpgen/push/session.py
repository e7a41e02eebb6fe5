"""SSH sessions to VRP devices. The only module that imports netmiko."""

from __future__ import annotations

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
    except (NetmikoTimeoutException, ReadTimeout):
        raise PushError(f"{target.name}: timed out during {phase} "
                        f"({target.host}:{target.port})") from None
    except (OSError, EOFError, ValueError) as exc:
        raise PushError(f"{target.name}: {phase} failed: {type(exc).__name__}: "
                        f"{_clean(str(exc), credentials)}") from None
    if not text.rstrip().endswith("return"):
        raise PushError(f"{target.name}: incomplete configuration read (no final `return`)")
    return text


def _clean(text: str, credentials: Credentials) -> str:
    return text.replace(credentials.password, "********") if credentials.password else text
