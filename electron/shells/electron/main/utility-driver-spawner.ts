/**
 * Device drivers in Electron utility processes. The RunAsNode fuse is off (electron-builder.yml),
 * so the core's default, forking this binary as Node, is refused; utilityProcess.fork is Electron's
 * supported way to run Node code in a child process. The transport itself lives in the core
 * (utility-process-child.ts), which may not import 'electron'.
 */
import { utilityProcess } from 'electron';
import { utilityProcessSpawner } from '../../../core/devices/driver-process/utility-process-child.ts';

export const utilityDriverSpawner = utilityProcessSpawner((modulePath, args, options) => utilityProcess.fork(modulePath, args, options));
