# 運用コンソール (/ops) の共通メッセージ。各セクションのメッセージは ops-<section>.ftl に置く。
ops-title = プログラム運用コンソール
ops-nav-label = コンソールのセクション
ops-nav-overview = 概要
ops-nav-partners = パートナー
ops-nav-imports = インポート
ops-nav-publications = レポート公開
ops-nav-rules = ルールセット
ops-nav-payments = 支払い
ops-nav-directory = ディレクトリ
ops-nav-cases = サポート ケース
ops-home-support = パートナーのサポート ケースは、判断を待つあいだケース キューに並びます。
ops-operators-only = このページを開けるのはプログラム運用担当者だけです (R1)。
ops-support-only = このページを開けるのはサポート担当者とプログラム運用担当者だけです (R1)。
