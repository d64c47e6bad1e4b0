// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Zhengce",
    products: [
        .library(name: "ZhengceKit", targets: ["ZhengceKit"]),
        .executable(name: "zhengce", targets: ["zhengce"]),
    ],
    targets: [
        .target(name: "ZhengceKit"),
        .executableTarget(name: "zhengce", dependencies: ["ZhengceKit"]),
        .executableTarget(name: "Benchmarks", dependencies: ["ZhengceKit"], path: "Benchmarks"),
        .testTarget(
            name: "ZhengceKitTests",
            dependencies: ["ZhengceKit"],
            exclude: ["Fixtures"]
        ),
    ]
)
