import SiteLedgerCore

/// The demo world's contents. Names are invented; regions are real GB/T 2260 codes.
enum DemoData {
    struct OrganizationPlan {
        let key: String
        let name: String
        let kind: OrganizationKind
        let region: String
        var qualifications: [String] = []
    }

    static let organizations: [OrganizationPlan] = [
        .init(key: "js-regulator", name: "江苏省住房和城乡建设厅（演示）", kind: .regulator, region: "320000"),
        .init(key: "nj-regulator", name: "南京市城乡建设委员会（演示）", kind: .regulator, region: "320100"),
        .init(key: "dg-regulator", name: "东莞市住房和城乡建设局（演示）", kind: .regulator, region: "441900"),
        .init(key: "sz-regulator", name: "深圳市住房和建设局（演示）", kind: .regulator, region: "440300"),
        .init(key: "owner-nj", name: "南京金陵城市建设发展有限公司", kind: .owner, region: "320105"),
        .init(key: "owner-dg", name: "东莞松湖置业有限公司", kind: .owner, region: "441900"),
        .init(key: "owner-sz", name: "深圳前湾公共工程建设中心", kind: .owner, region: "440305"),
        .init(key: "gc-js", name: "江苏华建工程集团有限公司", kind: .contractor, region: "320102", qualifications: ["建筑工程施工总承包特级", "市政公用工程施工总承包壹级"]),
        .init(key: "gc-gd", name: "广东粤海建设工程有限公司", kind: .contractor, region: "440304", qualifications: ["建筑工程施工总承包壹级"]),
        .init(key: "labour-js", name: "南京宁匠劳务有限公司", kind: .contractor, region: "320115", qualifications: ["施工劳务不分等级"]),
        .init(key: "sup-js", name: "江苏正衡工程监理有限公司", kind: .supervisor, region: "320106", qualifications: ["工程监理综合资质"]),
        .init(key: "sup-gd", name: "广东明鉴建设监理有限公司", kind: .supervisor, region: "440303", qualifications: ["房屋建筑工程监理甲级"]),
        .init(key: "design", name: "江南建筑设计研究院有限公司", kind: .designer, region: "320104", qualifications: ["建筑行业（建筑工程）甲级"]),
        .init(key: "survey", name: "金陵岩土勘察院有限公司", kind: .surveyor, region: "320113", qualifications: ["工程勘察综合类甲级"]),
        .init(key: "testing-js", name: "南京建研工程检测有限公司", kind: .testingAgency, region: "320114", qualifications: ["建设工程质量检测机构资质"]),
        .init(key: "testing-gd", name: "东莞市建科检测中心有限公司", kind: .testingAgency, region: "441900", qualifications: ["建设工程质量检测机构资质"]),
        .init(key: "concrete-js", name: "南京宁混预拌混凝土有限公司", kind: .concretePlant, region: "320116", qualifications: ["预拌混凝土专业承包不分等级"]),
        .init(key: "concrete-gd", name: "东莞虎门预拌混凝土有限公司", kind: .concretePlant, region: "441900", qualifications: ["预拌混凝土专业承包不分等级"]),
        .init(key: "vendor", name: "江苏智筑物联科技有限公司", kind: .vendor, region: "320111"),
        .init(key: "insurer", name: "苏安工程保险经纪有限公司", kind: .insurer, region: "320102"),
    ]

    struct UserPlan {
        let username: String
        let name: String
        let role: Principal.Role
        let organization: String
    }

    /// One account per role; all use `DemoWorld.password`.
    static let users: [UserPlan] = [
        .init(username: "js-regulator", name: "省厅监管员", role: .manager, organization: "js-regulator"),
        .init(username: "nj-regulator", name: "南京监督科科长", role: .manager, organization: "nj-regulator"),
        .init(username: "nj-inspector", name: "南京监督员", role: .staff, organization: "nj-regulator"),
        .init(username: "dg-regulator", name: "东莞监督员", role: .staff, organization: "dg-regulator"),
        .init(username: "sz-regulator", name: "深圳监督员", role: .staff, organization: "sz-regulator"),
        .init(username: "owner", name: "建设单位负责人", role: .manager, organization: "owner-nj"),
        .init(username: "contractor", name: "项目经理", role: .manager, organization: "gc-js"),
        .init(username: "contractor-staff", name: "施工员", role: .staff, organization: "gc-js"),
        .init(username: "supervisor", name: "总监理工程师", role: .manager, organization: "sup-js"),
        .init(username: "designer", name: "设计负责人", role: .manager, organization: "design"),
        .init(username: "surveyor", name: "勘察负责人", role: .manager, organization: "survey"),
        .init(username: "testing", name: "检测员", role: .manager, organization: "testing-js"),
        .init(username: "concrete", name: "搅拌站调度", role: .manager, organization: "concrete-js"),
        .init(username: "vendor", name: "设备厂商技术员", role: .manager, organization: "vendor"),
        .init(username: "insurer", name: "保险专员", role: .manager, organization: "insurer"),
    ]

    struct BuildingPlan {
        let name: String
        let floors: Int
        let basement: Int
        let height: Double
        let area: Double
        let structure: String
        let use: String
    }

    struct ProjectPlan {
        let code: String
        let name: String
        let region: String
        let address: String
        let latitude: Double
        let longitude: Double
        let kind: ProjectKind
        let amountWan: Int
        let start: String
        let finish: String
        let progress: Int
        let status: ProjectStatus
        let permit: String
        let participants: [(String, ParticipationType, String?, String?)]
        let buildings: [BuildingPlan]
    }

    private static func tower(_ name: String, _ floors: Int, use: String = "住宅") -> BuildingPlan {
        BuildingPlan(name: name, floors: floors, basement: 2, height: Double(floors) * 3, area: Double(floors) * 720, structure: "剪力墙结构", use: use)
    }

    private static let njTeam: [(String, ParticipationType, String?, String?)] = [
        ("owner-nj", .owner, "周明", "建设单位项目负责人"), ("gc-js", .generalContractor, "王建国", "项目经理"),
        ("sup-js", .supervisor, "李正", "总监理工程师"), ("labour-js", .labourSubcontractor, "陈立", "劳务负责人"),
        ("concrete-js", .materialSubcontractor, nil, nil), ("vendor", .equipmentSubcontractor, nil, nil),
    ]

    private static let dgTeam: [(String, ParticipationType, String?, String?)] = [
        ("owner-dg", .owner, "黄志强", "建设单位项目负责人"), ("gc-gd", .generalContractor, "梁永康", "项目经理"),
        ("sup-gd", .supervisor, "何立新", "总监理工程师"), ("concrete-gd", .materialSubcontractor, nil, nil),
    ]

    private static let szTeam: [(String, ParticipationType, String?, String?)] = [
        ("owner-sz", .owner, "张海", "建设单位项目负责人"), ("gc-gd", .generalContractor, "林伟", "项目经理"),
        ("sup-gd", .supervisor, "吴敏", "总监理工程师"),
    ]

    static let projects: [ProjectPlan] = [
        .init(code: "2024-320105-47-01-358214", name: "河西南鱼嘴安置住房项目", region: "320105", address: "南京市建邺区江心洲路与扬子江大道交叉口东南侧",
              latitude: 31.985, longitude: 118.704, kind: .building, amountWan: 86_500, start: "2024-03-18", finish: "2026-12-30", progress: 72,
              status: .underConstruction, permit: "320105202403180101", participants: njTeam,
              buildings: [tower("1号住宅楼", 26), tower("2号住宅楼", 26), tower("3号住宅楼", 18), tower("4号住宅楼", 18), BuildingPlan(name: "社区配套用房", floors: 3, basement: 1, height: 14.4, area: 4200, structure: "框架结构", use: "公共服务")]),
        .init(code: "2024-320115-47-01-402731", name: "江宁开发区智能制造产业园二期", region: "320115", address: "南京市江宁区将军大道与秣周东路交叉口",
              latitude: 31.879, longitude: 118.833, kind: .building, amountWan: 42_800, start: "2024-06-01", finish: "2026-05-31", progress: 88,
              status: .underConstruction, permit: "320115202406010203", participants: njTeam,
              buildings: [BuildingPlan(name: "1号厂房", floors: 4, basement: 0, height: 24, area: 21_600, structure: "钢结构", use: "厂房"),
                          BuildingPlan(name: "2号厂房", floors: 4, basement: 0, height: 24, area: 21_600, structure: "钢结构", use: "厂房"),
                          BuildingPlan(name: "研发楼", floors: 12, basement: 1, height: 49.8, area: 18_000, structure: "框架-剪力墙结构", use: "办公")]),
        .init(code: "2023-320106-47-01-219845", name: "鼓楼区第一中学迁建工程", region: "320106", address: "南京市鼓楼区定淮门大街 18 号",
              latitude: 32.072, longitude: 118.745, kind: .building, amountWan: 31_200, start: "2023-09-01", finish: "2025-08-15", progress: 100,
              status: .completed, permit: "320106202309010056", participants: njTeam,
              buildings: [BuildingPlan(name: "教学楼", floors: 5, basement: 1, height: 21.9, area: 16_400, structure: "框架结构", use: "教育"),
                          BuildingPlan(name: "实验楼", floors: 4, basement: 0, height: 18.3, area: 7_800, structure: "框架结构", use: "教育"),
                          BuildingPlan(name: "体育馆", floors: 2, basement: 0, height: 17.5, area: 5_600, structure: "钢结构", use: "体育")]),
        .init(code: "2025-320111-47-01-577302", name: "浦口滨江人才公寓", region: "320111", address: "南京市浦口区滨江大道 66 号",
              latitude: 32.063, longitude: 118.689, kind: .building, amountWan: 54_300, start: "2025-04-10", finish: "2027-10-31", progress: 35,
              status: .suspended, permit: "320111202504100088", participants: njTeam,
              buildings: [tower("A1 栋", 32), tower("A2 栋", 32), tower("A3 栋", 28), tower("A4 栋", 28)]),
        .init(code: "2025-320113-48-02-630118", name: "栖霞仙林大道综合管廊工程", region: "320113", address: "南京市栖霞区仙林大道（灵山北路至纬地路段）",
              latitude: 32.108, longitude: 118.915, kind: .municipal, amountWan: 23_900, start: "2025-09-01", finish: "2027-03-31", progress: 0,
              status: .registered, permit: "320113202509010001", participants: njTeam,
              buildings: [BuildingPlan(name: "管廊控制中心", floors: 3, basement: 1, height: 13.2, area: 2_400, structure: "框架结构", use: "市政配套")]),
        .init(code: "2024-441900-47-01-118520", name: "松山湖科学城人才安居项目", region: "441900", address: "东莞市松山湖高新区科技十路",
              latitude: 22.915, longitude: 113.882, kind: .building, amountWan: 67_400, start: "2024-05-20", finish: "2026-11-30", progress: 81,
              status: .underConstruction, permit: "441900202405200317", participants: dgTeam,
              buildings: [tower("1 栋", 30), tower("2 栋", 30), tower("3 栋", 30), tower("4 栋", 24), BuildingPlan(name: "幼儿园", floors: 3, basement: 0, height: 12.6, area: 3_900, structure: "框架结构", use: "教育")]),
        .init(code: "2025-441900-47-01-209377", name: "虎门港综合物流中心", region: "441900", address: "东莞市虎门镇港口大道 1 号",
              latitude: 22.792, longitude: 113.627, kind: .building, amountWan: 38_100, start: "2025-02-15", finish: "2026-08-30", progress: 56,
              status: .underConstruction, permit: "441900202502150102", participants: dgTeam,
              buildings: [BuildingPlan(name: "1 号仓库", floors: 2, basement: 0, height: 15.5, area: 24_000, structure: "钢结构", use: "仓储"),
                          BuildingPlan(name: "2 号仓库", floors: 2, basement: 0, height: 15.5, area: 24_000, structure: "钢结构", use: "仓储"),
                          BuildingPlan(name: "3 号仓库", floors: 2, basement: 0, height: 15.5, area: 18_000, structure: "钢结构", use: "仓储"),
                          BuildingPlan(name: "综合楼", floors: 8, basement: 1, height: 32.4, area: 9_600, structure: "框架结构", use: "办公")]),
        .init(code: "2022-441900-47-01-987011", name: "东莞市民服务中心扩建工程", region: "441900", address: "东莞市南城街道鸿福路 99 号",
              latitude: 23.018, longitude: 113.751, kind: .building, amountWan: 29_800, start: "2022-07-01", finish: "2024-06-30", progress: 100,
              status: .archived, permit: "441900202207010023", participants: dgTeam,
              buildings: [BuildingPlan(name: "服务大厅", floors: 6, basement: 2, height: 29.7, area: 32_000, structure: "框架-剪力墙结构", use: "办公")]),
        .init(code: "2024-440305-47-01-301456", name: "前海深港青年梦工场三期", region: "440305", address: "深圳市南山区前海梦海大道 5035 号",
              latitude: 22.521, longitude: 113.898, kind: .building, amountWan: 125_000, start: "2024-01-08", finish: "2026-12-31", progress: 64,
              status: .underConstruction, permit: "440305202401080009", participants: szTeam,
              buildings: [BuildingPlan(name: "T1 塔楼", floors: 45, basement: 4, height: 198.5, area: 96_000, structure: "框架-核心筒结构", use: "办公"),
                          BuildingPlan(name: "T2 塔楼", floors: 38, basement: 4, height: 168, area: 78_000, structure: "框架-核心筒结构", use: "办公"),
                          BuildingPlan(name: "裙楼", floors: 5, basement: 4, height: 28, area: 40_000, structure: "框架结构", use: "商业")]),
        .init(code: "2025-440306-48-02-448890", name: "宝安机场东综合交通枢纽配套道路", region: "440306", address: "深圳市宝安区机场东片区",
              latitude: 22.642, longitude: 113.835, kind: .municipal, amountWan: 48_600, start: "2025-03-01", finish: "2027-06-30", progress: 22,
              status: .permitted, permit: "440306202503010045", participants: szTeam,
              buildings: [BuildingPlan(name: "枢纽管理用房", floors: 4, basement: 1, height: 18, area: 5_200, structure: "框架结构", use: "市政配套")]),
        .init(code: "2024-440307-47-01-662047", name: "龙岗区坂田保障性住房", region: "440307", address: "深圳市龙岗区坂田街道五和大道",
              latitude: 22.655, longitude: 114.061, kind: .building, amountWan: 73_200, start: "2024-08-12", finish: "2027-01-31", progress: 47,
              status: .underConstruction, permit: "440307202408120066", participants: szTeam,
              buildings: [tower("1 栋", 33), tower("2 栋", 33), tower("3 栋", 31), tower("4 栋", 31), tower("5 栋", 28)]),
        .init(code: "2025-440304-47-01-705113", name: "福田区中心医院住院部改扩建", region: "440304", address: "深圳市福田区福华路 3002 号",
              latitude: 22.537, longitude: 114.055, kind: .building, amountWan: 39_500, start: "2025-05-06", finish: "2027-04-30", progress: 18,
              status: .underConstruction, permit: "440304202505060031", participants: szTeam,
              buildings: [BuildingPlan(name: "住院楼", floors: 22, basement: 3, height: 96.5, area: 52_000, structure: "框架-剪力墙结构", use: "医疗"),
                          BuildingPlan(name: "医技楼", floors: 6, basement: 3, height: 31.2, area: 21_000, structure: "框架结构", use: "医疗"),
                          BuildingPlan(name: "门诊楼", floors: 8, basement: 3, height: 38.4, area: 26_000, structure: "框架结构", use: "医疗")]),
    ]
}
