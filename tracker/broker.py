"""kombu's Redis transport, made to survive Redis going away while a task runs.

kombu 5.7 closes a lost connection twice: the first close clears the transport's client,
and the second, restoring the messages still unacknowledged (every late-acked task in
flight), builds a connection pool from that missing client. The AttributeError ("'NoneType'
object has no attribute 'hostname'") is no connection error, so the worker treats it as
fatal and exits for good. Here it is a connection error, which the worker already survives:
it reconnects, and Redis redelivers the unacknowledged messages after the visibility timeout.
"""

from __future__ import annotations

import redis
from kombu.transport import redis as kombu_redis


class Channel(kombu_redis.Channel):
    def _connparams(self, asynchronous: bool = False) -> dict:
        if self.connection.client is None:
            raise redis.ConnectionError("the broker connection is already closed")
        return super()._connparams(asynchronous=asynchronous)


class Transport(kombu_redis.Transport):
    Channel = Channel
