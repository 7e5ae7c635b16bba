"""The product page follows a dependency only when and where it held."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from incidents.models import Product, ProductDependency

pytestmark = pytest.mark.django_db

CONTROL_PLANE = "/products/aliyun-ecs-control-plane/"


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=StringIO())


def test_it_leaves_out_an_outage_outside_the_regions_a_dependency_held_in(client, demo):
    # The control plane used OSS only in Hong Kong; OSS's part in the 2023-11-12 outage,
    # in every region, says nothing about the control plane.
    html = client.get(CONTROL_PLANE).content.decode()
    assert "/incidents/ali-hk-2022-12/" in html
    assert "/incidents/ali-global-2023-11-12/" not in html


def test_it_leaves_out_an_outage_after_a_dependency_ended(client, demo):
    taobao = Product.objects.get(slug="taobao")
    edge = ProductDependency.objects.get(from_product=taobao, to_product__slug="aliyun-accesskey")
    html = client.get("/products/taobao/").content.decode()
    assert "/incidents/ali-global-2023-11-12/" in html
    edge.valid_to = dt.date(2023, 1, 1)
    edge.save()
    # An own impact still counts: Taobao itself was reported down that day.
    taobao.impacts.all().delete()
    html = client.get("/products/taobao/").content.decode()
    assert "/incidents/ali-global-2023-11-12/" not in html
    assert "valid until 2023-01-01" in html


def test_it_says_when_and_where_each_dependency_held(client, demo):
    edge = ProductDependency.objects.get(
        from_product__slug="aliyun-ecs-control-plane", to_product__slug="aliyun-oss"
    )
    edge.valid_from, edge.valid_to = dt.date(2020, 1, 1), dt.date(2023, 6, 30)
    edge.save()
    html = client.get(CONTROL_PLANE).content.decode()
    assert "valid from 2020-01-01 to 2023-06-30; only in China (Hong Kong)" in html
    chinese = client.get(CONTROL_PLANE, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "有效期 2020-01-01 至 2023-06-30; 仅限 中国香港" in chinese
