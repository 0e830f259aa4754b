"""Pages that are not a policy: bot walls, captchas and login pages; and the words every policy uses.

Bot walls and captchas as served by Chinese CDNs and WAFs (Aliyun/Tencent Cloud/Baidu slider
captchas, 安全验证 interstitials) and by international ones (Cloudflare, Akamai): phrases
collected from such pages; matched case-insensitively on the extracted text.
"""

from __future__ import annotations

WALL_MARKERS: tuple[str, ...] = (
    "滑动验证", "拖动滑块", "向右滑动", "请完成安全验证", "安全验证", "人机验证", "请输入验证码",
    "验证码", "访问过于频繁", "请求过于频繁", "异常访问", "请开启javascript", "请启用javascript",
    "需要启用javascript", "您的浏览器禁用了javascript",
    "captcha", "access denied", "are you a robot", "verify you are human", "checking your browser",
    "enable javascript", "just a moment...", "attention required", "request blocked", "403 forbidden",
)
# Pages asking to log in before showing anything (common on app-store and account pages).
LOGIN_MARKERS: tuple[str, ...] = (
    "请登录", "请先登录", "登录后查看", "登录后可查看", "登录后继续", "扫码登录", "账号登录", "用户登录",
    "sign in to continue", "log in to continue", "please log in", "please sign in",
)
# Words every privacy policy uses many times (个人信息保护法 vocabulary, and English).
POLICY_MARKERS: tuple[str, ...] = ("个人信息", "隐私", "privacy", "personal information", "personal data")
