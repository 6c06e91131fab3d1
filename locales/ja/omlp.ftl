# OMLP 型の表示名 (英語はルール セットの名前をそのまま使います)。
omlp-moc = Microsoft 公式コース (MOC)
omlp-dmoc = デジタル Microsoft 公式コース
omlp-moc_on_demand = MOC オンデマンド
omlp-custom_moc = カスタム MOC
omlp-exam_voucher = 試験バウチャー
omlp-labs_online = Labs Online (オンライン ラボ)
omlp-mta_courseware = MTA コースウェア
