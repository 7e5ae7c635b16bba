"""Subscriptions and deliveries: email, signed webhooks, and calendar feeds of saved views."""
