from django.db import models
from simple_history.models import HistoricalRecords


class Citation(models.Model):
    url = models.URLField(max_length=1000)
    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True, help_text="BCP 47 tag: en, zh-Hans...")
    quote = models.TextField(blank=True, help_text="The passage that supports the claim.")
    official = models.BooleanField(default=False, help_text="Published by the company itself.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-official", "published_on", "title"]
        constraints = [models.UniqueConstraint(fields=["url"], name="citation_url_unique")]

    def __str__(self) -> str:
        return f"{self.publisher or self.url}: {self.title}"
