// swift-tools-version:6.0
import PackageDescription

let staticRelease = BuildSettingCondition.when(platforms: [.linux], configuration: .release)
let staticInRelease: [LinkerSetting] = [.unsafeFlags(["-static-stdlib"], staticRelease)]
let staticModules: [SwiftSetting] = [.unsafeFlags(["-static-stdlib"], staticRelease)]
// LLVM inlines larger functions into their callers in a release build of the library (the default
// threshold is 225): a `batch` line takes 5.7% fewer instructions, reading runs about 9% faster
// and `batch` about 6% (docs/benchmark.md, "LLVM's inlining threshold").
let inlineMore: [SwiftSetting] = [.unsafeFlags(["-Xllvm", "-inline-threshold=1000"], .when(configuration: .release))]

let package = Package(
    name: "Zhengce",
    products: [
        .library(name: "ZhengceKit", targets: ["ZhengceKit"]),
        .executable(name: "zhengce", targets: ["zhengce"]),
    ],
    targets: [
        .target(name: "ZhengceKit", swiftSettings: inlineMore),
        // A release build links the Swift runtime and Foundation into the binary, as
        // `scripts/install.sh` does: the binary runs where no toolchain is installed, and a process
        // starts without resolving the shared libraries' symbols (a sixth of a short `eval`).
        .executableTarget(name: "zhengce", dependencies: ["ZhengceKit"], swiftSettings: staticModules, linkerSettings: staticInRelease),
        .executableTarget(name: "Benchmarks", dependencies: ["ZhengceKit"], path: "Benchmarks", swiftSettings: staticModules, linkerSettings: staticInRelease),
        .testTarget(
            name: "ZhengceKitTests",
            dependencies: ["ZhengceKit"],
            exclude: ["Fixtures"]
        ),
    ]
)
