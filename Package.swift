// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "siteledger",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "siteledger", targets: ["siteledger"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/jwt.git", from: "5.2.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .target(
            name: "SiteLedgerCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .systemLibrary(name: "CEpoll"),
        .target(
            name: "SiteLedgerServer",
            dependencies: [
                "SiteLedgerCore",
                .target(name: "CEpoll", condition: .when(platforms: [.linux])),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "JWT", package: "jwt"),
            ]
        ),
        .executableTarget(
            name: "siteledger",
            dependencies: [
                "SiteLedgerCore",
                "SiteLedgerServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SiteLedgerCoreTests", dependencies: ["SiteLedgerCore"]),
        .testTarget(
            name: "SiteLedgerServerTests",
            dependencies: [
                "SiteLedgerServer",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ]
)
