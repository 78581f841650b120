"""``manage.py load_demo``: load the demo accounts and data (only with DEMO_MODE=true); safe to run again."""

from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_PASSWORD, DemoModeOff, demo_load


class Command(BaseCommand):
    help = "加载演示数据(仅演示模式 DEMO_MODE=true 可用,可重复运行)。"

    def handle(self, *args, **options):
        try:
            accounts = demo_load()
        except DemoModeOff:
            raise CommandError("拒绝执行:演示数据只能在演示模式下加载(设置环境变量 DEMO_MODE=true)。") from None
        rows = [("角色", "登录名", "手机号(也可登录)", "说明")]
        rows += [(a.role, a.login, a.mobile or "-", a.note) for a in accounts]
        widths = [max(_width(r[i]) for r in rows) for i in range(4)]
        for n, row in enumerate(rows):
            self.stdout.write("  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip())
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪。所有演示账号的密码:{DEMO_PASSWORD}(仅限演示环境)"))


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
